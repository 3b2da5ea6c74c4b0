package dev.rolloutlab.gateway.progressive.decision;

import dev.rolloutlab.gateway.progressive.plan.Plan;

/**
 * The decision logic of a progressive rollout: pure functions of a state, the plan, an input and
 * the time, with no I/O and no clock of its own, so every rule is tested under a fake clock.
 * The controller feeds it ticks, interval reports and commands and applies the weight it returns.
 */
public final class RolloutMachine {

    private RolloutMachine() {
    }

    /** The state before any plan was seen: Idle, weight 0. */
    public static RolloutState idle() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * A routing file was applied. {@code plan} null: Idle. The same kind, revision and candidate as
     * {@code current}: {@code current} goes on unchanged. Otherwise a new rollout: Starting at 0.
     */
    public static Transition adopt(RolloutState current, Plan plan, long now) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * The gateway restarted with {@code persisted} read back: same phase, step and failed count;
     * hold, passes and the inconclusive run start again, the initial delay applies again.
     */
    public static Transition resumeAfterRestart(RolloutState persisted, Plan plan, long now) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Time passed: Starting ends once the candidate is healthy; a step ends after its hold and checks. */
    public static Transition tick(RolloutState state, Plan plan, long now, boolean candidateHealthy) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Whether an interval ends at {@code now}: then the controller judges it and calls {@link #verdict}. */
    public static boolean verdictDue(RolloutState state, long now) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** One judged interval: counts it, and aborts or pauses when a limit is reached. */
    public static Transition verdict(RolloutState state, Plan plan, IntervalReport report, long now) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** An operator's command. */
    public static Transition command(RolloutState state, Plan plan, Command command, long now)
            throws CommandRefusedException {
        throw new UnsupportedOperationException("not built yet");
    }
}
