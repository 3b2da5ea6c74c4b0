package dev.rolloutlab.gateway.progressive.decision;

import dev.rolloutlab.gateway.progressive.plan.Kind;
import java.util.List;

/**
 * Everything a rollout needs to go on after a restart; persisted as JSON after every change.
 * Times are epoch milliseconds of the clock the decision logic was given.
 *
 * @param kind canary or blue/green; null while Idle
 * @param revision the plan's revision; null while Idle
 * @param candidate the candidate group when the rollout started (a new one starts over)
 * @param phase where it is
 * @param step index into the plan's steps; -1 before the first
 * @param weight the candidate's effective weight (percent of user requests)
 * @param failed failed intervals since the start or the last retry; never lowered otherwise
 * @param inconclusiveInRow inconclusive intervals in a row
 * @param passedInStep passed intervals in the current step (restarted after a restart)
 * @param lastVerdict the latest verdict in the current step, or null
 * @param stepStartedAt when the current step (or Starting) began; its hold counts from here
 * @param warmUpUntil numbers before this are discarded (initial delay)
 * @param nextVerdictAt when the next interval ends; 0 when no verdict is due in this phase
 * @param reason why it is Paused or Aborted, else null
 * @param awaitingPromote Paused at a manual step whose hold and checks are done
 * @param intervals the last 20 judged intervals, oldest first
 * @param events the last 20 events, oldest first
 */
public record RolloutState(Kind kind, String revision, String candidate, Phase phase, int step, int weight, int failed,
        int inconclusiveInRow, int passedInStep, Verdict lastVerdict, long stepStartedAt, long warmUpUntil,
        long nextVerdictAt, String reason, boolean awaitingPromote, List<IntervalReport> intervals,
        List<RolloutEvent> events) {

    /** How many intervals and events are kept. */
    public static final int HISTORY = 20;
}
