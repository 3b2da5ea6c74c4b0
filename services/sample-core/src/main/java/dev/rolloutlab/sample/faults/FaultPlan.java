package dev.rolloutlab.sample.faults;

import java.time.Duration;

/** What to do to one request: wait {@code latency}, then fail it or not. */
public record FaultPlan(boolean fail, Duration latency) {
}
