package dev.rolloutlab.gateway.progressive.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
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
public record Analysis(
        @JsonSerialize(using = DurationText.Json.class) @JsonDeserialize(using = DurationText.FromJson.class)
        Duration interval,
        @JsonSerialize(using = DurationText.Json.class) @JsonDeserialize(using = DurationText.FromJson.class)
        Duration initialDelay,
        int minRequests,
        double maxErrorRate,
        @JsonSerialize(using = DurationText.Json.class) @JsonDeserialize(using = DurationText.FromJson.class)
        Duration maxP99,
        int failureLimit,
        int inconclusiveLimit) {

    /** The defaults of every key of {@code analysis:}. */
    public static final Analysis DEFAULTS = new Analysis(Duration.ofSeconds(10), Duration.ofSeconds(10), 20, 5.0,
            Duration.ofMillis(500), 1, 30);
}
