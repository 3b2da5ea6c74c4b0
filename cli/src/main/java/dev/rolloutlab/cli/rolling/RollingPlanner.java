package dev.rolloutlab.cli.rolling;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans a rolling update the way the Deployment controller does: never more than
 * {@code replicas + maxSurge} instances, never fewer than {@code replicas - maxUnavailable}
 * ready ones. Each round starts as many new instances as the surge allows, then stops as many
 * old ones as availability allows. Pure, so every plan is unit-tested.
 */
public final class RollingPlanner {

    private RollingPlanner() {
    }

    /**
     * @param replicas       instances wanted when done
     * @param oldCount       old-version instances in service now
     * @param newCount       new-version instances in service now (non-zero when resuming)
     * @param maxSurge       extra instances allowed above {@code replicas}
     * @param maxUnavailable instances allowed below {@code replicas}
     */
    public static List<RollingStep> plan(int replicas, int oldCount, int newCount, int maxSurge, int maxUnavailable) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1 (got " + replicas + ")");
        }
        if (maxSurge < 0 || maxUnavailable < 0) {
            throw new IllegalArgumentException("max-surge and max-unavailable must not be negative");
        }
        if (maxSurge == 0 && maxUnavailable == 0) {
            // Kubernetes rejects this too: no instance could ever be started or stopped.
            throw new IllegalArgumentException("max-surge and max-unavailable cannot both be 0: the update could not make progress");
        }
        int maxTotal = replicas + maxSurge;
        int minAvailable = Math.max(0, replicas - maxUnavailable);
        int old = oldCount;
        int fresh = newCount;
        List<RollingStep> steps = new ArrayList<>();
        while (old > 0 || fresh < replicas) {
            boolean progressed = false;
            int start = Math.min(replicas - fresh, maxTotal - (old + fresh));
            if (start > 0) {
                fresh += start;
                steps.add(new RollingStep(RollingStep.Action.START_NEW, start, old, fresh));
                progressed = true;
            }
            int stop = Math.min(old, (old + fresh) - minAvailable);
            if (stop > 0) {
                old -= stop;
                steps.add(new RollingStep(RollingStep.Action.STOP_OLD, stop, old, fresh));
                progressed = true;
            }
            if (!progressed) {
                throw new IllegalStateException("no progress possible from " + old + " old + " + fresh + " new");
            }
        }
        return List.copyOf(steps);
    }
}
