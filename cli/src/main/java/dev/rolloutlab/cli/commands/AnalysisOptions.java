package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.local.Progressive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * How the gateway judges an automated rollout, shared by {@code canary --auto} and
 * {@code bluegreen SIDE --auto}. Every option is text, checked by {@link Arguments} so a bad value
 * is a usage error naming the option; an option left out is left out of the routing file too,
 * and the gateway's default applies.
 */
public final class AnalysisOptions {

    @Option(names = "--interval", paramLabel = "DURATION", description = "one verdict per interval (gateway default: 10s)")
    String interval;

    @Option(names = "--initial-delay", paramLabel = "DURATION", description = "wait this long before the first verdict: JVM warm-up (default: the interval)")
    String initialDelay;

    @Option(names = "--min-requests", paramLabel = "N", description = "fewer candidate requests in an interval: inconclusive (default: 20)")
    String minRequests;

    @Option(names = "--max-error-rate", paramLabel = "RATE", description = "most errors an interval may have: 5% or 0.05 (default: 5%)")
    String maxErrorRate;

    @Option(names = "--max-p99", paramLabel = "DURATION", description = "slowest 99th percentile latency an interval may have (default: 500ms)")
    String maxP99;

    @Option(names = "--failure-limit", paramLabel = "N", description = "abort when more intervals than this failed (default: 1)")
    String failureLimit;

    @Option(names = "--inconclusive-limit", paramLabel = "N", description = "pause after this many inconclusive intervals in a row (default: 30)")
    String inconclusiveLimit;

    @Option(names = "--probe-rate", paramLabel = "N", description = "requests/s the gateway itself sends to the candidate, 0 to 100 (default: 0 for a canary, 5 for blue/green)")
    String probeRate;

    @Option(names = "--revision", paramLabel = "R", description = "names the rollout: the same revision resumes it, a new one starts over (default: the candidate's version)")
    String revision;

    /** The options given on the command line, by name: they need --auto. */
    List<String> given() {
        List<String> given = new ArrayList<>();
        add(given, "--interval", interval);
        add(given, "--initial-delay", initialDelay);
        add(given, "--min-requests", minRequests);
        add(given, "--max-error-rate", maxErrorRate);
        add(given, "--max-p99", maxP99);
        add(given, "--failure-limit", failureLimit);
        add(given, "--inconclusive-limit", inconclusiveLimit);
        add(given, "--probe-rate", probeRate);
        add(given, "--revision", revision);
        return given;
    }

    /** Checks every option given and puts it into {@code progressive}; throws IllegalArgumentException naming the first bad one. */
    void applyTo(Progressive progressive, int defaultProbeRate) {
        if (revision != null && revision.isBlank()) {
            throw new IllegalArgumentException("--revision must not be empty");
        }
        if (revision != null) {
            progressive.revision = revision.trim();
        }
        if (interval != null) {
            progressive.analysis.put("interval", duration("--interval", interval, Duration.ofSeconds(1), Duration.ofHours(1)));
        }
        if (initialDelay != null) {
            progressive.analysis.put("initialDelay", duration("--initial-delay", initialDelay, Duration.ZERO, Duration.ofHours(1)));
        }
        if (minRequests != null) {
            progressive.analysis.put("minRequests", Arguments.whole("--min-requests", minRequests, 1, 1_000_000));
        }
        if (maxErrorRate != null) {
            // the routing file holds a percentage; 0.05 and 5% both become 5
            double percent = Arguments.fraction("--max-error-rate", maxErrorRate) * 100;
            progressive.analysis.put("maxErrorRate", Math.round(percent * 1000) / 1000.0);
        }
        if (maxP99 != null) {
            progressive.analysis.put("maxP99", duration("--max-p99", maxP99, Duration.ofMillis(1), Duration.ofMinutes(1)));
        }
        if (failureLimit != null) {
            progressive.analysis.put("failureLimit", Arguments.whole("--failure-limit", failureLimit, 0, 1000));
        }
        if (inconclusiveLimit != null) {
            progressive.analysis.put("inconclusiveLimit", Arguments.whole("--inconclusive-limit", inconclusiveLimit, 1, 1000));
        }
        progressive.probeRate = probeRate == null ? defaultProbeRate : Arguments.whole("--probe-rate", probeRate, 0, 100);
    }

    static String duration(String option, String text, Duration min, Duration max) {
        return Durations.toRouting(Arguments.duration(option, text, min, max));
    }

    private static void add(List<String> given, String name, String value) {
        if (value != null) {
            given.add(name);
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
