package dev.rolloutlab.cli.local;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How local mode routes traffic: the gateway's three strategies. {@link #key()} is the name in
 * the routing file ({@code strategy:} and the key of the strategy's block) and in state.json.
 */
public enum Strategy {
    /** All traffic to the rolling group, the instances a rolling update replaces. */
    ROLLING("rolling"),
    /** All traffic to the active version; the other is the preview. */
    BLUEGREEN("bluegreen"),
    /** A weighted split between v1 (stable) and v2 (the canary). */
    CANARY("canary");

    private final String key;

    Strategy(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    /** Canary and blue/green route between v1 and v2, so they need instances of both. */
    public boolean needsBothVersions() {
        return this != ROLLING;
    }

    @Override
    public String toString() {
        return key;
    }
}
