package dev.rolloutlab.cli.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends requests on a timer (open model) and collects their outcomes into {@link LoadStats}.
 * One thread keeps the schedule; responses arrive on the HTTP client's threads, so a slow
 * response never delays the next send.
 */
public final class LoadRun implements AutoCloseable {

    public record Options(URI url, String method, LoadSchedule schedule, Duration timeout) {
    }

    private final Options options;
    private final LoadStats stats = new LoadStats();
    private final ExecutorService responses = Executors.newFixedThreadPool(4, daemon("load-response"));
    private final HttpClient client;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile long startNanos;
    private Thread sender;

    private LoadRun(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(responses)
                .build();
    }

    public static LoadRun start(Options options) {
        LoadRun run = new LoadRun(options);
        run.startNanos = System.nanoTime();
        run.sender = daemon("load-sender").newThread(run::sendAll);
        run.sender.start();
        return run;
    }

    public LoadStats stats() {
        return stats;
    }

    public long sent() {
        return sent.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Nanoseconds since the run started (the time base of {@link Outcome#sentAtNanos()}). */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Stops sending; requests in flight still complete and count. */
    public void stop() {
        stopped = true;
        LockSupport.unpark(sender);
    }

    /** Waits until every request sent has an outcome; false if that takes longer than {@code timeout}. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stop();
        responses.shutdownNow();
    }

    private void sendAll() {
        LoadSchedule schedule = options.schedule();
        long total = schedule.totalRequests();
        for (long k = 0; k < total && !stopped; k++) {
            long due = startNanos + schedule.sendOffsetNanos(k);
            long wait;
            while (!stopped && (wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (stopped) {
                break;
            }
            send();
        }
        // Wait for the last answers (bounded by the per-request timeout).
        long deadline = System.nanoTime() + options.timeout().plusSeconds(3).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        done.countDown();
    }

    private void send() {
        HttpRequest.BodyPublisher body = "GET".equals(options.method()) || "DELETE".equals(options.method())
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("");
        HttpRequest request = HttpRequest.newBuilder(options.url())
                .timeout(options.timeout())
                .method(options.method(), body)
                .build();
        long sentAt = System.nanoTime();
        inFlight.incrementAndGet();
        sent.incrementAndGet();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long latency = System.nanoTime() - sentAt;
            long offset = sentAt - startNanos;
            if (failure != null) {
                stats.add(new Outcome(offset, latency, 0, null, null, errorKind(failure)));
            } else {
                int status = response.statusCode();
                String version = response.headers().firstValue("X-App-Version").orElse(null);
                String group = response.headers().firstValue("X-Rollout-Group").orElse(null);
                stats.add(new Outcome(offset, latency, status, version, group, status >= 400 ? "HTTP " + status : null));
            }
            inFlight.decrementAndGet();
        });
    }

    /** A short, stable name for why a request got no response, to count errors by kind. */
    static String errorKind(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IOException) {
            String message = String.valueOf(cause.getMessage()).toLowerCase();
            return message.contains("reset") || message.contains("closed") ? "connection reset" : "i/o error";
        }
        return cause.getClass().getSimpleName();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
