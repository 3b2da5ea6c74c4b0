package dev.rolloutlab.gateway.progressive.decision;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The outcome of one analysis interval. */
public enum Verdict {
    PASSED,
    FAILED,
    INCONCLUSIVE;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
