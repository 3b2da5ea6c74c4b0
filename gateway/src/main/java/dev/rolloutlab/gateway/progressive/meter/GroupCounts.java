package dev.rolloutlab.gateway.progressive.meter;

import dev.rolloutlab.gateway.progressive.decision.GroupNumbers;

/**
 * One group's cumulative counts at one moment. Two readings subtracted give an interval's
 * counts ({@link #minus}), so the hot path only ever adds and never resets.
 *
 * @param requests exchanges counted (client aborts left out)
 * @param errors of those, answered 5xx or failed
 * @param buckets exchanges per latency bucket (see {@link LatencyBuckets})
 */
public record GroupCounts(long requests, long errors, long[] buckets) {

    public static final GroupCounts ZERO = new GroupCounts(0, 0, new long[LatencyBuckets.COUNT]);

    /** What happened between {@code earlier} and this reading. */
    public GroupCounts minus(GroupCounts earlier) {
        long[] diff = new long[buckets.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = buckets[i] - earlier.buckets[i];
        }
        return new GroupCounts(requests - earlier.requests, errors - earlier.errors, diff);
    }

    /** The 99th percentile in milliseconds: the upper bound of the bucket holding it; 0 without requests. */
    public double p99() {
        long timed = 0;
        for (long count : buckets) {
            timed += count;
        }
        if (timed == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(timed * 0.99);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return LatencyBuckets.upperMillis(i);
            }
        }
        return LatencyBuckets.OVERFLOW_MILLIS;
    }

    /** The numbers the judge reads. */
    public GroupNumbers numbers(String group) {
        double errorRate = requests == 0 ? 0 : Math.round(errors * 1000.0 / requests) / 10.0;
        return new GroupNumbers(group, requests, errors, errorRate, p99());
    }
}
