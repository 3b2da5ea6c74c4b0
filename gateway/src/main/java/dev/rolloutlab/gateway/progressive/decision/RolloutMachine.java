package dev.rolloutlab.gateway.progressive.decision;

import dev.rolloutlab.gateway.progressive.plan.Analysis;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Step;
import java.util.List;
import java.util.Objects;

/**
 * The decision logic of a progressive rollout: pure functions of a state, the plan, an input and
 * the time, with no I/O and no clock of its own, so every rule is tested under a fake clock.
 * The controller feeds it ticks, interval reports and commands and applies the weight it returns.
 *
 * <p>The life of a rollout, Argo Rollouts style:
 * <pre>
 * Idle ──new revision──▶ Starting (0 %) ──candidate healthy──▶ Progressing step 1 (its weight)
 *   ──hold over, ≥ 2 passed intervals, last not failed──▶ step 2 ──▶ … ──▶ Promoted (100 %)
 * a manual step, too many inconclusive intervals, pause ──▶ Paused
 * failed intervals &gt; failureLimit, abort ──▶ Aborted (0 %)        retry ──▶ Starting
 * </pre>
 * Blue/green runs through the same machine: its plan is two steps, pre-promotion at weight 0
 * (the preview judged on probe traffic) and post-promotion at 100 (the preview is active).
 */
public final class RolloutMachine {

    private static final int PASSES_TO_LEAVE_A_STEP = 2;

    private RolloutMachine() {
    }

    /** The state before any plan was seen: Idle, weight 0. */
    public static RolloutState idle() {
        return new RolloutState(null, null, null, Phase.IDLE, -1, 0, 0, 0, 0, null, 0, 0, 0, null, false, List.of(),
                List.of());
    }

    /**
     * A routing file was applied. {@code plan} null: Idle. The same kind, revision and candidate as
     * {@code current}: {@code current} goes on unchanged. Otherwise a new rollout: Starting at 0.
     */
    public static Transition adopt(RolloutState current, Plan plan, long now) {
        if (plan == null) {
            return current.phase() == Phase.IDLE ? unchanged(current) : new Transition(idle(), List.of());
        }
        if (sameRollout(current, plan)) {
            return unchanged(current);
        }
        StateDraft s = new StateDraft(idle());
        s.kind = plan.kind();
        s.revision = plan.revision();
        s.candidate = plan.candidate();
        s.phase = Phase.STARTING;
        s.stepStartedAt = now;
        s.event(now, "started", RolloutMessages.started(plan));
        return s.transition();
    }

    /**
     * The gateway restarted with {@code persisted} read back: same phase, step and failed count (a
     * crash loop must not clear failures); hold, passes and the inconclusive run start again, the
     * initial delay applies again. A plan of another rollout (or none) is {@link #adopt}ed instead.
     */
    public static Transition resumeAfterRestart(RolloutState persisted, Plan plan, long now) {
        if (plan == null || !sameRollout(persisted, plan)) {
            return adopt(persisted, plan, now);
        }
        StateDraft s = new StateDraft(persisted);
        s.stepStartedAt = now;
        s.passedInStep = 0;
        s.inconclusiveInRow = 0;
        s.lastVerdict = null;
        if (judging(persisted.phase()) && persisted.step() >= 0) {
            scheduleAfterWarmUp(s, plan.analysis(), now);
        } else {
            s.warmUpUntil = 0;
            s.nextVerdictAt = 0;
        }
        s.event(now, "restarted", RolloutMessages.restarted(plan, persisted));
        return s.transition();
    }

    /** Time passed: Starting ends once the candidate is healthy; a step ends after its hold and checks. */
    public static Transition tick(RolloutState state, Plan plan, long now, boolean candidateHealthy) {
        if (state.phase() == Phase.STARTING && candidateHealthy) {
            StateDraft s = new StateDraft(state);
            enterStep(s, plan, 0, now, "");
            return s.transition();
        }
        if (state.phase() == Phase.PROGRESSING && stepDone(state, plan, now)) {
            StateDraft s = new StateDraft(state);
            if (currentStep(state, plan).manual()) {
                pause(s, now, RolloutMessages.waitingForPromote(plan, state.step()), true);
            } else {
                nextStep(s, plan, now, false);
            }
            return s.transition();
        }
        return unchanged(state);
    }

    /** Whether an interval ends at {@code now}: then the controller judges it and calls {@link #verdict}. */
    public static boolean verdictDue(RolloutState state, long now) {
        return judging(state.phase()) && state.nextVerdictAt() > 0 && now >= state.nextVerdictAt();
    }

    /**
     * One judged interval: counts it, and aborts or pauses when a limit is reached. Verdicts are
     * taken while Paused too: failures count and can abort, passes do not move the rollout on.
     */
    public static Transition verdict(RolloutState state, Plan plan, IntervalReport report, long now) {
        if (!judging(state.phase()) || state.nextVerdictAt() == 0) {
            return unchanged(state);
        }
        Analysis analysis = plan.analysis();
        StateDraft s = new StateDraft(state);
        long interval = analysis.interval().toMillis();
        // Keep the rhythm; a controller that fell behind (a long GC, a suspended laptop) skips ahead.
        s.nextVerdictAt = state.nextVerdictAt() + interval > now ? state.nextVerdictAt() + interval : now + interval;
        s.interval(report);
        s.lastVerdict = report.verdict();
        switch (report.verdict()) {
            case PASSED -> {
                s.passedInStep++;
                s.inconclusiveInRow = 0;
            }
            case FAILED -> {
                s.failed++;
                s.inconclusiveInRow = 0;
            }
            case INCONCLUSIVE -> s.inconclusiveInRow++;
        }
        s.event(now, "verdict", RolloutMessages.verdict(report));
        if (report.verdict() == Verdict.FAILED && s.failed > analysis.failureLimit()) {
            abort(s, plan, now, RolloutMessages.failureReason(report, s.failed, analysis.failureLimit()));
        } else if (report.verdict() == Verdict.INCONCLUSIVE && state.phase() == Phase.PROGRESSING
                && s.inconclusiveInRow >= analysis.inconclusiveLimit()) {
            pause(s, now, RolloutMessages.inconclusiveReason(plan, report, s.inconclusiveInRow), false);
        }
        return s.transition();
    }

    /** An operator's command; one that does not fit the phase is refused with a sentence saying why. */
    public static Transition command(RolloutState state, Plan plan, Command command, long now)
            throws CommandRefusedException {
        Phase phase = state.phase();
        if (phase == Phase.IDLE || plan == null) {
            throw new CommandRefusedException("nothing to " + command.key()
                    + ": there is no progressive rollout (the routing file has no progressive block)");
        }
        StateDraft s = new StateDraft(state);
        switch (command) {
            case PROMOTE -> {
                requirePhase(command, phase, Phase.STARTING, Phase.PROGRESSING, Phase.PAUSED);
                nextStep(s, plan, now, true);
            }
            case PROMOTE_FULL -> {
                requirePhase(command, phase, Phase.STARTING, Phase.PROGRESSING, Phase.PAUSED);
                promote(s, plan, now, true);
            }
            case ABORT -> {
                requirePhase(command, phase, Phase.STARTING, Phase.PROGRESSING, Phase.PAUSED);
                abort(s, plan, now, "aborted by command");
            }
            case RETRY -> {
                requirePhase(command, phase, Phase.ABORTED, Phase.PAUSED);
                retry(s, plan, now);
            }
            case PAUSE -> {
                requirePhase(command, phase, Phase.STARTING, Phase.PROGRESSING);
                pause(s, now, "paused by command at " + RolloutMessages.where(plan, state), false);
            }
            case RESUME -> {
                requirePhase(command, phase, Phase.PAUSED);
                if (state.awaitingPromote()) {
                    throw new CommandRefusedException("nothing to resume: " + state.reason()
                            + "; promote goes on to the next step");
                }
                resume(s, plan, now);
            }
        }
        return s.transition();
    }

    // ---- the rules, one small method each ----

    /** The hold is over, the step has its passed intervals, and the latest one did not fail. */
    private static boolean stepDone(RolloutState state, Plan plan, long now) {
        return now - state.stepStartedAt() >= currentStep(state, plan).hold().toMillis()
                && state.passedInStep() >= PASSES_TO_LEAVE_A_STEP
                && state.lastVerdict() != Verdict.FAILED;
    }

    /** On to the next step, or Promoted after the last one. Steps only go up, so the weight never falls. */
    private static void nextStep(StateDraft s, Plan plan, long now, boolean byCommand) {
        int next = s.step + 1;
        if (next >= plan.steps().size()) {
            promote(s, plan, now, byCommand);
        } else {
            enterStep(s, plan, next, now, byCommand ? "promoted by command to " : "");
        }
    }

    private static void enterStep(StateDraft s, Plan plan, int index, long now, String prefix) {
        if (s.phase == Phase.STARTING) {
            // The first numbers of a freshly started JVM are not its real ones: wait once.
            scheduleAfterWarmUp(s, plan.analysis(), now);
        }
        s.phase = Phase.PROGRESSING;
        s.step = index;
        s.weight = plan.steps().get(index).weight();
        s.stepStartedAt = now;
        s.passedInStep = 0;
        s.lastVerdict = null;
        s.reason = null;
        s.awaitingPromote = false;
        s.event(now, "step", prefix + RolloutMessages.stepEntered(plan, index));
    }

    private static void promote(StateDraft s, Plan plan, long now, boolean byCommand) {
        s.phase = Phase.PROMOTED;
        s.step = plan.steps().size() - 1;
        s.weight = 100;
        s.reason = null;
        s.awaitingPromote = false;
        s.nextVerdictAt = 0;
        s.event(now, "promoted", RolloutMessages.promoted(plan, byCommand));
    }

    /** Back to 0 % at once: nothing is left half-shifted. */
    private static void abort(StateDraft s, Plan plan, long now, String reason) {
        s.phase = Phase.ABORTED;
        s.weight = 0;
        s.reason = reason;
        s.awaitingPromote = false;
        s.nextVerdictAt = 0;
        s.event(now, "aborted", RolloutMessages.aborted(plan, reason));
    }

    private static void pause(StateDraft s, long now, String reason, boolean awaitingPromote) {
        s.phase = Phase.PAUSED;
        s.reason = reason;
        s.awaitingPromote = awaitingPromote;
        s.event(now, "paused", reason.startsWith("paused") ? reason : "paused: " + reason);
    }

    private static void resume(StateDraft s, Plan plan, long now) {
        s.inconclusiveInRow = 0;
        s.reason = null;
        s.phase = s.step < 0 ? Phase.STARTING : Phase.PROGRESSING;
        s.event(now, "resumed", "resumed: " + RolloutMessages.where(plan, s.build()));
    }

    /** Starting over with the failures cleared; the history stays so the earlier attempt can be read. */
    private static void retry(StateDraft s, Plan plan, long now) {
        s.phase = Phase.STARTING;
        s.step = -1;
        s.weight = 0;
        s.failed = 0;
        s.inconclusiveInRow = 0;
        s.passedInStep = 0;
        s.lastVerdict = null;
        s.stepStartedAt = now;
        s.warmUpUntil = 0;
        s.nextVerdictAt = 0;
        s.reason = null;
        s.awaitingPromote = false;
        s.event(now, "retried", RolloutMessages.retried(plan));
    }

    private static void scheduleAfterWarmUp(StateDraft s, Analysis analysis, long now) {
        s.warmUpUntil = now + analysis.initialDelay().toMillis();
        s.nextVerdictAt = s.warmUpUntil + analysis.interval().toMillis();
    }

    private static void requirePhase(Command command, Phase phase, Phase... allowed) throws CommandRefusedException {
        for (Phase each : allowed) {
            if (each == phase) {
                return;
            }
        }
        throw new CommandRefusedException("nothing to " + command.key() + ": the rollout is " + phase.key() + hint(phase));
    }

    private static String hint(Phase phase) {
        return switch (phase) {
            case ABORTED -> "; retry starts it again";
            case PROMOTED -> "; a new revision starts a new rollout";
            case PAUSED -> "; resume, promote, retry or abort it";
            case STARTING, PROGRESSING -> "; pause or abort it first";
            case IDLE -> "";
        };
    }

    private static boolean sameRollout(RolloutState state, Plan plan) {
        return state.phase() != Phase.IDLE && state.kind() == plan.kind()
                && Objects.equals(state.revision(), plan.revision())
                && Objects.equals(state.candidate(), plan.candidate());
    }

    private static boolean judging(Phase phase) {
        return phase == Phase.PROGRESSING || phase == Phase.PAUSED;
    }

    /** The current step; a plan edited under the same revision may have fewer steps: then the last. */
    private static Step currentStep(RolloutState state, Plan plan) {
        return plan.steps().get(Math.min(state.step(), plan.steps().size() - 1));
    }

    private static Transition unchanged(RolloutState state) {
        return new Transition(state, List.of());
    }
}
