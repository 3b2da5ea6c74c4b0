package dev.rolloutlab.gateway.progressive.decision;

import dev.rolloutlab.gateway.progressive.plan.Analysis;

/** Turns one interval's numbers into a verdict with its reason; pure. */
public final class Judge {

    private Judge() {
    }

    /**
     * Fewer than {@code minRequests} candidate requests: inconclusive. Error rate or p99 over its
     * limit: failed, unless the baseline (with at least {@code minRequests}) breaks the same limit
     * in the same interval: inconclusive ("stable fails too"). Otherwise passed.
     */
    public static IntervalReport judge(Analysis analysis, GroupNumbers candidate, GroupNumbers baseline, long at,
            int step, int weight) {
        throw new UnsupportedOperationException("not built yet");
    }
}
