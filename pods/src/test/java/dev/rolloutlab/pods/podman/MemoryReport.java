package dev.rolloutlab.pods.podman;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

/**
 * A container's memory cgroup as the kernel keeps it (cgroup v1 or v2): limit, peak usage
 * (page cache included), anonymous memory now, and OOM kills.
 */
record MemoryReport(String container, String cgroup, long limit, long peak, long anon, long oomKills, String stats) {

    static MemoryReport of(PlayedPod pod, String container) {
        long limit = number(pod.memoryCgroup(container, "memory.limit_in_bytes", "memory.max"));
        long peak = number(pod.memoryCgroup(container, "memory.max_usage_in_bytes", "memory.peak"));
        String stat = pod.memoryCgroup(container, "memory.stat", "memory.stat").orElse("");
        long anon = field(stat, "total_rss").orElse(field(stat, "anon").orElse(-1L));
        String events = pod.memoryCgroup(container, "memory.oom_control", "memory.events").orElse("");
        long oomKills = field(events, "oom_kill").orElse(-1L);
        String stats = Podman.run("stats", "--no-stream", "--format", "{{.MemUsage}}", pod.container(container)).out().trim();
        return new MemoryReport(pod.container(container), pod.cgroupPath(container), limit, peak, anon, oomKills, stats);
    }

    /** The cgroup's limit is the chart's ({@code expectedLimit}), the peak stayed under it, no OOM kill. */
    void assertWithinLimit(long expectedLimit) {
        assertThat(limit).as("memory cgroup limit of %s (%s) against the chart's limit", container, cgroup)
                .isEqualTo(expectedLimit);
        assertThat(peak).as("peak of %s", container).isPositive().isLessThanOrEqualTo(limit);
        assertThat(oomKills).as("OOM kills in %s's memory cgroup", container).isZero();
    }

    @Override
    public String toString() {
        return String.format("%s memory: peak %d MiB (page cache included), anonymous now %d MiB, limit %d MiB, OOM kills %d; podman stats: %s",
                container, peak >> 20, anon >> 20, limit >> 20, oomKills, stats);
    }

    private static long number(Optional<String> text) {
        return text.map(t -> t.equals("max") ? Long.MAX_VALUE : Long.parseLong(t)).orElse(-1L);
    }

    private static Optional<Long> field(String text, String name) {
        return text.lines()
                .map(l -> l.trim().split("\\s+"))
                .filter(parts -> parts.length == 2 && parts[0].equals(name))
                .map(parts -> Long.parseLong(parts[1]))
                .findFirst();
    }
}
