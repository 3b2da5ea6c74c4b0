package dev.rolloutlab.gateway.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code /gateway/stats} answers: the window's totals by group, by version, and by upstream
 * instance (a pod's name in a cluster, else its URL; only exchanges an instance answered).
 */
public record StatsSnapshot(long windowSeconds, long requests, List<Slice> groups, List<Slice> versions,
        List<Slice> upstreams) {

    /**
     * One group's or version's share of the window. Shares are percent; {@code configuredShare}
     * is set for groups only.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Slice(String name, long requests, long errors, double errorRate, double observedShare,
            Integer configuredShare, double p50, double p95, double p99) {

        static Slice empty(String name) {
            return new Slice(name, 0, 0, 0, 0, null, 0, 0, 0);
        }

        Slice withConfiguredShare(Integer share) {
            return new Slice(name, requests, errors, errorRate, observedShare, share, p50, p95, p99);
        }
    }
}
