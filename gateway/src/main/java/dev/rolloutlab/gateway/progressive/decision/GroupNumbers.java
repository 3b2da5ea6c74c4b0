package dev.rolloutlab.gateway.progressive.decision;

/**
 * One group's numbers over one interval.
 *
 * @param group the group's name in the routing file
 * @param requests exchanges finished in the interval (client aborts left out)
 * @param errors of those, answered 5xx or failed (a fallback answer counts as the candidate's error)
 * @param errorRate errors per 100 requests (0 when there were none)
 * @param p99 99th percentile latency in milliseconds (upper bound of its histogram bucket)
 */
public record GroupNumbers(String group, long requests, long errors, double errorRate, double p99) {
}
