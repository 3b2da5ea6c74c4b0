package dev.rolloutlab.gateway.progressive.meter;

import dev.rolloutlab.gateway.routing.Reason;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.Strategy;
import dev.rolloutlab.gateway.stats.Exchange;
import dev.rolloutlab.gateway.routing.source.RoutingState;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Per-group counters and a fixed-bucket latency histogram, fed once per exchange, read once per
 * analysis interval. The stats window cannot serve here: at high rates it holds only seconds.
 *
 * <p>Counters are cumulative and never reset: the controller reads them at an interval's start
 * and end and subtracts ({@link GroupCounts#minus}), so recording is a few atomic adds with no
 * allocation and no lock, and a reading can never lose an exchange to a reset.
 */
@Singleton
public class IntervalMeter {

    private final ConcurrentMap<String, GroupMeter> groups = new ConcurrentHashMap<>();
    private final Supplier<String> fallbackFrom;

    /** One group's live counters. */
    private static final class GroupMeter {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicLongArray buckets = new AtomicLongArray(LatencyBuckets.COUNT);

        GroupCounts read() {
            long[] copy = new long[buckets.length()];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = buckets.get(i);
            }
            // Errors before requests (record() adds them the other way round): an exchange
            // recorded meanwhile may show in requests only, so errors never exceed requests.
            long errorCount = errors.sum();
            return new GroupCounts(requests.sum(), errorCount, copy);
        }
    }

    @Inject
    IntervalMeter(RoutingState routing) {
        this(() -> canaryGroup(routing));
    }

    /** {@code fallbackFrom}: the group whose failed requests another group answered (the canary). */
    public IntervalMeter(Supplier<String> fallbackFrom) {
        this.fallbackFrom = fallbackFrom;
    }

    private static String canaryGroup(RoutingState routing) {
        RoutingConfig config = routing.active().map(RoutingState.Active::config).orElse(null);
        return config != null && config.strategy() == Strategy.CANARY ? config.canary().canary() : null;
    }

    /**
     * Counts one finished exchange of {@code group} that took {@code nanos}. A client abort (499)
     * is left out. A fallback answer ({@code reason} FALLBACK, sent by the stable group) counts
     * as an error of the group that fell back: the canary failed that request.
     */
    public void record(String group, int status, Reason reason, long nanos) {
        if (status == Exchange.CLIENT_CLOSED) { // the client left: nothing the upstream did wrong
            return;
        }
        boolean error = status >= 500;
        if (reason == Reason.FALLBACK) {
            String failed = fallbackFrom.get();
            if (failed == null) {
                return;
            }
            group = failed;
            error = true;
        }
        GroupMeter meter = groups.get(group);
        if (meter == null) {
            meter = groups.computeIfAbsent(group, name -> new GroupMeter());
        }
        meter.requests.increment();
        if (error) {
            meter.errors.increment();
        }
        meter.buckets.incrementAndGet(LatencyBuckets.indexOf(nanos));
    }

    /** {@code group}'s counts since the gateway started. */
    public GroupCounts read(String group) {
        GroupMeter meter = groups.get(group);
        return meter == null ? GroupCounts.ZERO : meter.read();
    }
}
