package dev.rolloutlab.gateway.progressive.decision;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a progressive rollout is. */
public enum Phase {
    /** No progressive block: the routing file's own weight or active side applies. */
    IDLE,
    /** Weight 0; waits until the candidate group has a healthy instance. */
    STARTING,
    /** At a step's weight, intervals being judged. */
    PROGRESSING,
    /** Held: a manual step waiting for promote, too many inconclusive intervals, or the pause command. */
    PAUSED,
    /** Every step passed: weight 100. */
    PROMOTED,
    /** Too many failed intervals, or the abort command: weight 0 from the next request. */
    ABORTED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
