package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.progressive.meter.IntervalMeter;
import dev.rolloutlab.gateway.routing.Reason;
import dev.rolloutlab.gateway.stats.Exchange;
import dev.rolloutlab.gateway.stats.TrafficEvents;
import dev.rolloutlab.gateway.stats.TrafficStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records each finished exchange, answered or failed, in one place: the stats window, the live
 * event stream, the {@code gateway.requests} timer (by group, version, reason and outcome) and
 * the progressive rollout's {@link IntervalMeter}.
 */
@Singleton
public class ExchangeRecorder {

    private final TrafficStats stats;
    private final TrafficEvents events;
    private final MeterRegistry registry;
    private final IntervalMeter meter;
    private final InFlight inFlight;
    /** Meters by tags: looking a meter up through Timer.builder(..).register on every request is costly. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String group, String version, String reason, String outcome) {
    }

    ExchangeRecorder(TrafficStats stats, TrafficEvents events, MeterRegistry registry, IntervalMeter meter, InFlight inFlight) {
        this.inFlight = inFlight;
        this.stats = stats;
        this.events = events;
        this.registry = registry;
        this.meter = meter;
    }

    /**
     * Records an exchange that began at {@code start} ({@link InFlight#begin()}) and ends now.
     * {@code upstream} (the instance that answered), {@code reason} and {@code error} are null when there is none.
     */
    void record(long start, String group, String version, String upstream, int status, Reason reason, String error) {
        inFlight.end();
        long nanos = System.nanoTime() - start;
        meter.record(group, status, reason, nanos);
        double millis = nanos / 1_000_000.0;
        String why = reason == null ? "none" : reason.label();
        Exchange exchange = new Exchange(System.currentTimeMillis(), group, version, upstream, status,
                Math.round(millis * 100) / 100.0, why, error);
        stats.record(exchange);
        events.publish(exchange);
        String outcome = status >= 500 ? "error" : status == Exchange.CLIENT_CLOSED ? "client_closed" : "ok";
        timers.computeIfAbsent(new TimerKey(group, version, why, outcome), key -> Timer
                .builder("gateway.requests").description("Requests through the gateway, by version, group and reason")
                .tag("group", key.group()).tag("version", key.version()).tag("reason", key.reason())
                .tag("outcome", key.outcome()).register(registry))
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }
}
