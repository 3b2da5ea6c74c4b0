package dev.rolloutlab.gateway.progressive.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which strategy a progressive rollout moves: a canary's weight, or a blue/green switch. */
public enum Kind {
    CANARY,
    BLUEGREEN;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
