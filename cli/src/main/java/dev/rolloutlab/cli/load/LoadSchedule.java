package dev.rolloutlab.cli.load;

import java.time.Duration;

/**
 * When each request of an open-model load is sent: request {@code k} goes out at
 * {@code k / rate} seconds after the start, whether or not earlier ones have been answered, so
 * a slow server sees the same arrival rate (a closed loop would slow down with it and hide the
 * problem).
 */
public record LoadSchedule(double rate, Duration duration) {

    public static final double MAX_RATE = 5000;

    public LoadSchedule {
        if (!(rate > 0) || rate > MAX_RATE) {
            throw new IllegalArgumentException("rate must be more than 0 and at most " + (int) MAX_RATE + " requests/s (got " + rate + ")");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be more than 0 (got " + duration + ")");
        }
    }

    /** Requests in the whole run: rate x duration, rounded down (10/s for 2.5 s is 25). */
    public long totalRequests() {
        // not duration.toNanos(): it overflows for durations beyond 292 years, which the record accepts
        double exact = rate * (duration.getSeconds() * 1e9 + duration.getNano()) / 1e9;
        return Math.max(1, (long) Math.floor(exact + 1e-9));
    }

    /** Nanoseconds after the start at which request {@code k} (from 0) is sent. */
    public long sendOffsetNanos(long k) {
        return Math.round(k * 1e9 / rate);
    }
}
