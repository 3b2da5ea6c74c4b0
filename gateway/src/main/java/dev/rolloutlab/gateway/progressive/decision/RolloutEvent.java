package dev.rolloutlab.gateway.progressive.decision;

/**
 * Something that happened to a rollout, as a sentence with its numbers: shown in the UI,
 * streamed on {@code /gateway/rollout/events}, kept in the persisted state.
 *
 * @param at epoch milliseconds
 * @param type started, step, verdict, paused, resumed, promoted, aborted, retried, restarted, persist-failed
 * @param phase the phase after it
 * @param step the step index after it (-1 before the first step)
 * @param weight the candidate's effective weight after it
 * @param message one line for a learner
 */
public record RolloutEvent(long at, String type, Phase phase, int step, int weight, String message) {
}
