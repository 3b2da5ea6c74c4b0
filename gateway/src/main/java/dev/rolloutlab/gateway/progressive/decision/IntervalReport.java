package dev.rolloutlab.gateway.progressive.decision;

/**
 * One judged interval: the candidate's numbers beside the baseline's over the same time.
 *
 * @param at epoch milliseconds when the interval ended
 * @param step index of the step it was judged in
 * @param weight the candidate's weight during it
 * @param why one sentence with the numbers against the limits, e.g. "v2 18.0 % errors > 5 %"
 */
public record IntervalReport(long at, int step, int weight, GroupNumbers candidate, GroupNumbers baseline,
        Verdict verdict, String why) {
}
