package dev.rolloutlab.gateway.progressive.decision;

import java.util.Locale;

/** What an operator can tell a rollout ({@code POST /gateway/rollout/{command}}). */
public enum Command {
    PROMOTE,
    PROMOTE_FULL,
    ABORT,
    RETRY,
    PAUSE,
    RESUME;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
