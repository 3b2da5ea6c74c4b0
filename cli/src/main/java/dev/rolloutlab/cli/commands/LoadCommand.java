package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.load.LoadRun;
import dev.rolloutlab.cli.load.LoadSchedule;
import dev.rolloutlab.cli.load.LoadStats;
import dev.rolloutlab.cli.load.Outcome;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "load", description = {"Send requests at a fixed rate; show the split per version live, then a summary.",
        "Open model: the rate holds even when responses slow down. Each second: split per version, errors, latency.",
        "Works against local mode or any URL (a cluster: kubectl port-forward svc/rl-gateway 8080:80)."})
public final class LoadCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080/api/identity", description = "default: ${DEFAULT-VALUE}")
    String urlText;

    @Option(names = "--rate", paramLabel = "R", required = true, description = "requests per second")
    String rateText;

    @Option(names = "--duration", paramLabel = "D", required = true, description = "how long: 30s, 2m, 500ms")
    String durationText;

    @Option(names = "--max-error-rate", paramLabel = "E", description = "exit 1 when errors / requests is above E (0.01 or 1%%); default: no limit")
    String maxErrorRateText;

    // The gateway retries a request without a body and with an idempotent method (GET, HEAD, OPTIONS, PUT,
    // DELETE) once on another instance when the connection fails or the upstream stays silent for its
    // response timeout, before any response. This tool sends no body (GET, DELETE) or an empty one
    // (Content-Length: 0, which the gateway counts as none), so all but POST get that retry.
    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET", description = "GET (default), HEAD, POST, PUT or DELETE; "
            + "the gateway retries a failed request once on another instance, except a POST")
    String methodText;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10s", description = "per request (default: ${DEFAULT-VALUE})")
    String timeoutText;

    @Option(names = "--quiet", description = "no live lines, only the summary")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        URI url = check(() -> Arguments.url(urlText));
        double rate = check(() -> Arguments.rate(rateText));
        Duration duration = check(() -> Arguments.duration("--duration", durationText, Duration.ofMillis(100), Duration.ofHours(24)));
        Double maxErrorRate = maxErrorRateText == null ? null : check(() -> Arguments.errorRate(maxErrorRateText));
        String method = check(() -> Arguments.method(methodText));
        Duration timeout = check(() -> Arguments.duration("--timeout", timeoutText, Duration.ofMillis(100), Duration.ofMinutes(5)));
        LoadSchedule schedule = new LoadSchedule(rate, duration);

        Console c = console();
        c.println(c.bold("load") + ": " + method + " " + url + " at " + rateLabel(rate) + "/s for " + Durations.human(duration)
                + " (" + schedule.totalRequests() + " requests, open model)");
        LoadRun run = LoadRun.start(new LoadRun.Options(url, method, schedule, timeout));
        try {
            int printed = 0;
            int second = 0;
            long next = System.nanoTime();
            boolean finished = false;
            while (!finished) {
                next += 1_000_000_000L;
                finished = run.await(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                second++;
                List<Outcome> fresh = run.stats().since(printed);
                printed += fresh.size();
                if (!quiet && !(finished && fresh.isEmpty())) {
                    c.println(liveLine(second, fresh, run.inFlight()));
                }
            }
        } finally {
            run.close();
        }
        LoadStats.Summary summary = run.stats().summary();
        printSummary(summary, rate, run.elapsedNanos());
        if (maxErrorRate != null && summary.errorRate() > maxErrorRate) {
            c.error(String.format("error rate %s is above --max-error-rate %s", percent(summary.errorRate()), percent(maxErrorRate)));
            return 1;
        }
        if (summary.requests() == 0) {
            throw new CliException("no request completed");
        }
        return 0;
    }

    private String liveLine(int second, List<Outcome> outcomes, int inFlight) {
        Console c = console();
        LoadStats.Summary s = LoadStats.summarize(outcomes);
        String versions = s.byVersion().entrySet().stream()
                .filter(e -> !e.getKey().equals("-"))
                .map(e -> c.version(e.getKey()) + " " + pad(percent((double) e.getValue() / Math.max(1, s.requests())), 6))
                .collect(Collectors.joining("  "));
        String errors = s.errors() == 0 ? c.green("errors 0") : c.red("errors " + s.errors() + " " + s.errorsByKind());
        return String.format("%4ds  %5d answered  %-32s %s  p50 %s  p99 %s%s", second, s.requests(),
                versions.isEmpty() ? "-" : versions, errors, millis(s.p50Nanos()), millis(s.p99Nanos()),
                inFlight > 0 ? c.dim("  in flight " + inFlight) : "");
    }

    private void printSummary(LoadStats.Summary s, double rate, long elapsedNanos) {
        Console c = console();
        c.println("");
        c.println(c.bold("summary"));
        c.println(String.format("  requests  %d, ok %d, errors %d (%s), %.1f/s achieved (target %s/s)", s.requests(),
                s.requests() - s.errors(), s.errors(), percent(s.errorRate()), s.requests() / Math.max(1e-9, elapsedNanos / 1e9),
                rateLabel(rate)));
        if (!s.errorsByKind().isEmpty()) {
            c.println("  errors    " + c.red(s.errorsByKind().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "))));
        }
        c.println(c.bold(String.format("  %-10s %8s %7s  %s", "version", "requests", "share", "group")));
        for (Map.Entry<String, Long> e : s.byVersion().entrySet()) {
            String version = e.getKey().equals("-") ? "(none)" : e.getKey();
            c.println(String.format("  %s %8d %7s  %s", pad(c.version(version), 10), e.getValue(),
                    percent((double) e.getValue() / s.requests()),
                    String.join(",", s.groupsByVersion().getOrDefault(e.getKey(), Set.of()))));
        }
        c.println(String.format("  latency   p50 %s  p95 %s  p99 %s  max %s", millis(s.p50Nanos()), millis(s.p95Nanos()),
                millis(s.p99Nanos()), millis(s.maxNanos())));
    }

    static String percent(double fraction) {
        return String.format("%.1f%%", fraction * 100);
    }

    static String millis(long nanos) {
        return String.format("%.1fms", nanos / 1e6);
    }

    private static String rateLabel(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private static String pad(String text, int width) {
        String plain = text.replaceAll("\u001b\\[[0-9;]*m", "");
        return text + " ".repeat(Math.max(0, width - plain.length()));
    }
}
