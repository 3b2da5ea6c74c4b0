package dev.rolloutlab.sample.faults;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Decides, per request, whether to fail it and how long to delay it. The random source is
 * injected so the arithmetic is testable: a request fails when its draw in [0, 1) is below
 * the error rate, so rate 0.15 fails the draws 0.00..0.14, i.e. 15 of 100.
 */
public final class FaultInjector {

    private final double errorRate;
    private final Duration latency;
    private final DoubleSupplier draws;

    public FaultInjector(double errorRate, Duration latency, DoubleSupplier draws) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error rate must be between 0 and 1, got " + errorRate);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        this.errorRate = errorRate;
        this.latency = latency;
        this.draws = draws;
    }

    public FaultPlan next() {
        return new FaultPlan(draws.getAsDouble() < errorRate, latency);
    }
}
