package dev.rolloutlab.gateway.progressive.plan;

import java.time.Duration;

/**
 * How each interval is judged.
 *
 * @param interval one verdict per interval
 * @param initialDelay once, before the first verdict of a rollout (and after a restart): JVM warm-up
 * @param minRequests fewer candidate requests in an interval: inconclusive
 * @param maxErrorRate percent (0..100) of candidate requests answered 5xx or failed
 * @param maxP99 the candidate's 99th percentile latency limit
 * @param failureLimit abort when failed intervals exceed this
 * @param inconclusiveLimit pause after this many inconclusive intervals in a row
 */
public record Analysis(Duration interval, Duration initialDelay, int minRequests, double maxErrorRate,
        Duration maxP99, int failureLimit, int inconclusiveLimit) {
}
