package dev.rolloutlab.gateway.routing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** How the gateway splits traffic; each has its own block in the routing config. */
public enum Strategy {
    /** One group: the Service whose pods Kubernetes replaces. */
    ROLLING("rolling"),
    /** An active group takes everything; the preview group only on purpose. */
    BLUEGREEN("bluegreen"),
    /** A weighted split between a stable and a canary group. */
    CANARY("canary");

    private final String key;

    Strategy(String key) {
        this.key = key;
    }

    /** The name used in YAML, also the key of the strategy's block. */
    @JsonValue
    public String key() {
        return key;
    }

    public static Optional<Strategy> fromKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
