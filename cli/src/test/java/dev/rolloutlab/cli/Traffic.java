package dev.rolloutlab.cli;

import dev.rolloutlab.cli.load.LoadRun;
import dev.rolloutlab.cli.load.LoadSchedule;
import dev.rolloutlab.cli.load.LoadStats;
import dev.rolloutlab.cli.load.Outcome;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The load tool's engine running for a whole scenario, so a test can mark moments (a command
 * returned) and check the version mix and errors of the requests sent between two marks.
 */
final class Traffic implements AutoCloseable {

    private final LoadRun run;
    /** The wall-clock time (epoch ms) of the run's time zero, to place the gateway's event times on it. */
    private final long zeroEpochMillis;
    private boolean finished;

    private Traffic(LoadRun run) {
        this.run = run;
        this.zeroEpochMillis = System.currentTimeMillis() - run.elapsedNanos() / 1_000_000;
    }

    static Traffic start(URI url, String method, double rate) {
        return new Traffic(LoadRun.start(new LoadRun.Options(url, method,
                new LoadSchedule(rate, Duration.ofMinutes(10)), Duration.ofSeconds(10))));
    }

    /** Now, on the time base of the requests' send times. */
    long now() {
        return run.elapsedNanos();
    }

    /** A wall-clock time (epoch ms, as the gateway stamps its events) on the time base of the requests' send times. */
    long at(long epochMillis) {
        return (epochMillis - zeroEpochMillis) * 1_000_000;
    }

    /** Every request's outcome so far, in the order they completed. */
    List<Outcome> outcomes() {
        return run.stats().outcomes();
    }

    /** Stops sending and waits for the last answers. */
    LoadStats.Summary finish() throws InterruptedException {
        if (!finished) {
            run.stop();
            if (!run.await(Duration.ofSeconds(20))) {
                throw new AssertionError("requests still in flight 20 s after the load stopped");
            }
            finished = true;
        }
        return LoadStats.summarize(run.stats().outcomes());
    }

    /** Requests sent from {@code from} (inclusive) to {@code to} (exclusive); call after {@link #finish()}. */
    LoadStats.Summary between(long from, long to) {
        List<Outcome> window = run.stats().outcomes().stream()
                .filter(o -> o.sentAtNanos() >= from && o.sentAtNanos() < to)
                .toList();
        return LoadStats.summarize(window);
    }

    @Override
    public void close() {
        run.close();
    }
}
