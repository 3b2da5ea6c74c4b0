package dev.rolloutlab.gateway.progressive.decision;

import dev.rolloutlab.gateway.progressive.plan.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RolloutState} being changed by one decision: the machine edits a few fields and
 * {@link #build()}s a new immutable state. Events added here go both into the state's history
 * (capped at {@link RolloutState#HISTORY}) and into the {@link Transition}.
 */
final class StateDraft {

    Kind kind;
    String revision;
    String candidate;
    Phase phase;
    int step;
    int weight;
    int failed;
    int inconclusiveInRow;
    int passedInStep;
    Verdict lastVerdict;
    long stepStartedAt;
    long warmUpUntil;
    long nextVerdictAt;
    String reason;
    boolean awaitingPromote;
    private final List<IntervalReport> intervals;
    private final List<RolloutEvent> history;
    private final List<RolloutEvent> happened = new ArrayList<>();

    StateDraft(RolloutState s) {
        kind = s.kind();
        revision = s.revision();
        candidate = s.candidate();
        phase = s.phase();
        step = s.step();
        weight = s.weight();
        failed = s.failed();
        inconclusiveInRow = s.inconclusiveInRow();
        passedInStep = s.passedInStep();
        lastVerdict = s.lastVerdict();
        stepStartedAt = s.stepStartedAt();
        warmUpUntil = s.warmUpUntil();
        nextVerdictAt = s.nextVerdictAt();
        reason = s.reason();
        awaitingPromote = s.awaitingPromote();
        intervals = new ArrayList<>(s.intervals());
        history = new ArrayList<>(s.events());
    }

    void interval(IntervalReport report) {
        intervals.add(report);
        dropOldest(intervals);
    }

    /** Records an event with the phase, step and weight as they are now (call it after changing them). */
    void event(long at, String type, String message) {
        RolloutEvent event = new RolloutEvent(at, type, phase, step, weight, message);
        happened.add(event);
        history.add(event);
        dropOldest(history);
    }

    void clearHistory() {
        intervals.clear();
        history.clear();
    }

    RolloutState build() {
        return new RolloutState(kind, revision, candidate, phase, step, weight, failed, inconclusiveInRow, passedInStep,
                lastVerdict, stepStartedAt, warmUpUntil, nextVerdictAt, reason, awaitingPromote, List.copyOf(intervals),
                List.copyOf(history));
    }

    Transition transition() {
        return new Transition(build(), List.copyOf(happened));
    }

    private static <T> void dropOldest(List<T> list) {
        while (list.size() > RolloutState.HISTORY) {
            list.remove(0);
        }
    }
}
