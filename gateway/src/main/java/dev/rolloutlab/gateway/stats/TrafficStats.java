package dev.rolloutlab.gateway.stats;

import dev.rolloutlab.gateway.settings.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The most recent exchanges (a bounded ring) and what they add up to over the sliding window:
 * per group, per version and per upstream instance, requests, errors, latency percentiles and the
 * observed share (of all requests of the window).
 */
@Singleton
public class TrafficStats {

    private final Exchange[] ring;
    private final long windowMillis;
    private int next;
    private int size;

    @Inject
    TrafficStats(GatewayConfig config) {
        this(config.stats().capacity(), config.stats().window().toMillis());
    }

    TrafficStats(int capacity, long windowMillis) {
        this.ring = new Exchange[capacity];
        this.windowMillis = windowMillis;
    }

    public synchronized void record(Exchange exchange) {
        ring[next] = exchange;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** Exchanges of the window, oldest first. */
    public synchronized List<Exchange> recent(long now) {
        List<Exchange> recent = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Exchange exchange = ring[(next - size + i + ring.length) % ring.length];
            if (now - exchange.at() <= windowMillis) {
                recent.add(exchange);
            }
        }
        return recent;
    }

    /** Totals over the window, beside the shares the routing config asks for. */
    public StatsSnapshot snapshot(long now, Map<String, Integer> configuredShares) {
        List<Exchange> recent = recent(now);
        List<StatsSnapshot.Slice> groups = slices(recent, Exchange::group);
        List<StatsSnapshot.Slice> withConfigured = new ArrayList<>();
        Map<String, StatsSnapshot.Slice> byGroup = new LinkedHashMap<>();
        groups.forEach(g -> byGroup.put(g.name(), g));
        new TreeMap<>(configuredShares).keySet().forEach(g -> byGroup.putIfAbsent(g, StatsSnapshot.Slice.empty(g)));
        byGroup.values().forEach(g -> withConfigured.add(g.withConfiguredShare(configuredShares.get(g.name()))));
        return new StatsSnapshot(windowMillis / 1000, recent.size(), withConfigured, slices(recent, Exchange::version),
                slices(recent, Exchange::upstream));
    }

    private static List<StatsSnapshot.Slice> slices(List<Exchange> recent, Function<Exchange, String> key) {
        Map<String, List<Exchange>> by = new TreeMap<>();
        recent.forEach(e -> {
            String name = key.apply(e);
            if (name != null) { // an exchange no upstream answered has no instance
                by.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
            }
        });
        List<StatsSnapshot.Slice> slices = new ArrayList<>();
        by.forEach((name, exchanges) -> {
            double[] millis = exchanges.stream().mapToDouble(Exchange::millis).sorted().toArray();
            long errors = exchanges.stream().filter(Exchange::failed).count();
            slices.add(new StatsSnapshot.Slice(name, exchanges.size(), errors,
                    ratio(errors, exchanges.size()), ratio(exchanges.size(), recent.size()) * 100, null,
                    percentile(millis, 50), percentile(millis, 95), percentile(millis, 99)));
        });
        return slices;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return round(sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : round((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
