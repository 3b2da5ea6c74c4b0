package dev.rolloutlab.gateway.progressive.meter;

import java.util.Arrays;

/**
 * The fixed latency buckets of the interval histogram, in milliseconds: dense around the limits
 * people set (tens to hundreds of milliseconds), coarse beyond. A percentile is reported as the
 * upper bound of the bucket it falls in, so "p99 500 ms" means "99 % answered within 500 ms".
 */
public final class LatencyBuckets {

    /** Upper bounds in milliseconds; one more bucket holds everything slower than the last. */
    static final long[] UPPER_MILLIS = {1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 250, 300, 400, 500,
        600, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10_000, 15_000, 30_000, 60_000};

    /** What the overflow bucket reports: slower than the last bound, and past any response timeout worth having. */
    static final long OVERFLOW_MILLIS = 120_000;

    private static final long[] UPPER_NANOS = Arrays.stream(UPPER_MILLIS).map(ms -> ms * 1_000_000).toArray();

    /** Number of buckets, the overflow one included. */
    static final int COUNT = UPPER_MILLIS.length + 1;

    private LatencyBuckets() {
    }

    /** The bucket of a latency; no allocation. */
    static int indexOf(long nanos) {
        int found = Arrays.binarySearch(UPPER_NANOS, nanos);
        return found >= 0 ? found : -found - 1;
    }

    /** The upper bound in milliseconds of bucket {@code index}. */
    static long upperMillis(int index) {
        return index < UPPER_MILLIS.length ? UPPER_MILLIS[index] : OVERFLOW_MILLIS;
    }
}
