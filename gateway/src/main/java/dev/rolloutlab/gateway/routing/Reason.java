package dev.rolloutlab.gateway.routing;

import java.util.Locale;

/** Why a request went to the group it went to; sent back in {@code X-Rollout-Reason}. */
public enum Reason {
    /** rolling: the one group there is. */
    ROLLING,
    /** bluegreen: the active group. */
    ACTIVE,
    /** bluegreen: the preview group, asked for by header or path. */
    PREVIEW,
    /** canary: the weighted split chose it. */
    WEIGHT,
    /** canary: forced by the {@code X-Canary} header. */
    HEADER,
    /** canary: forced by the {@code rollout-lab-canary} cookie. */
    COOKIE,
    /** canary: the client was sent to canary before and stays there. */
    STICKY,
    /** canary: the canary group failed and the config allows stable to answer instead. */
    FALLBACK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
