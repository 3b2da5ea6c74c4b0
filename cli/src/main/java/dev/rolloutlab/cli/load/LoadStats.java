package dev.rolloutlab.cli.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Outcomes of a load run and the arithmetic over them: counts, errors by kind, share per
 * version, nearest-rank percentiles. Pure: the live view and the summary are built from it, and
 * the tests check it with made-up outcomes.
 */
public final class LoadStats {

    private final List<Outcome> outcomes = new ArrayList<>();

    public synchronized void add(Outcome outcome) {
        outcomes.add(outcome);
    }

    /** A copy, in completion order. */
    public synchronized List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Outcomes completed since index {@code from} (for the live view, which prints each second's). */
    public synchronized List<Outcome> since(int from) {
        return List.copyOf(outcomes.subList(Math.min(from, outcomes.size()), outcomes.size()));
    }

    public synchronized int size() {
        return outcomes.size();
    }

    public Summary summary() {
        return summarize(outcomes());
    }

    /** The numbers the summary table and the live lines show, for any set of outcomes. */
    public record Summary(long requests, long errors, Map<String, Long> errorsByKind, Map<String, Long> byVersion,
            Map<String, Long> byGroup, Map<String, Set<String>> groupsByVersion, long p50Nanos, long p95Nanos, long p99Nanos, long maxNanos) {

        public double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        /** Share of the answered requests with this version, 0..1 (errors without a version count as "-"). */
        public double share(String version) {
            return requests == 0 ? 0 : (double) byVersion.getOrDefault(version, 0L) / requests;
        }
    }

    public static Summary summarize(List<Outcome> outcomes) {
        Map<String, Long> errorsByKind = new TreeMap<>();
        Map<String, Long> byVersion = new TreeMap<>();
        Map<String, Long> byGroup = new TreeMap<>();
        Map<String, Set<String>> groupsByVersion = new TreeMap<>();
        long errors = 0;
        long[] latencies = new long[outcomes.size()];
        int i = 0;
        for (Outcome outcome : outcomes) {
            latencies[i++] = outcome.latencyNanos();
            String version = outcome.version() == null ? "-" : outcome.version();
            byVersion.merge(version, 1L, Long::sum);
            if (outcome.group() != null) {
                byGroup.merge(outcome.group(), 1L, Long::sum);
                groupsByVersion.computeIfAbsent(version, v -> new TreeSet<>()).add(outcome.group());
            }
            if (!outcome.ok()) {
                errors++;
                errorsByKind.merge(outcome.error(), 1L, Long::sum);
            }
        }
        Arrays.sort(latencies);
        return new Summary(outcomes.size(), errors, errorsByKind, byVersion, byGroup, groupsByVersion,
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
    }

    /**
     * Nearest-rank percentile of sorted values: the smallest value with at least {@code p}% of
     * the values at or below it (p99 of 1..100 is 99; p50 of 1..4 is 2). 0 when there are none.
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        if (p <= 0) {
            return sorted[0];
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length - 1e-9);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }
}
