package dev.rolloutlab.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP upstream on a free local port that answers like the sample service: JSON naming
 * its version, the {@code X-App-Version} header, and an echo of what it received. Query
 * parameters shape the answer: {@code status}, {@code reason} (the status line's phrase),
 * {@code delay} in milliseconds, and {@code stall} (milliseconds of silence after the status line
 * and a first chunk). A fault set with {@link #fault(double, long)} applies to every
 * request on top, and can be changed while traffic flows: a faulty version in a test.
 */
public final class TestUpstream implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final String version;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger wholeRequests = new AtomicInteger();
    private final AtomicInteger cutRequests = new AtomicInteger();
    private volatile int readyStatus = 200;
    private final AtomicLong faultCounted = new AtomicLong();
    private volatile double errorPercent;
    private volatile long addedLatencyMillis;

    private TestUpstream(String version) throws Exception {
        this.version = version;
        this.server = VERTX.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/q/health/ready")) {
                request.response().setStatusCode(readyStatus).end();
                return;
            }
            requests.incrementAndGet();
            boolean injectedError = nextIsInjectedError();
            long injectedDelay = addedLatencyMillis;
            request.body().onFailure(cut -> cutRequests.incrementAndGet()).onSuccess(body -> {
                wholeRequests.incrementAndGet();
                JsonObject headers = new JsonObject();
                request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                JsonObject seen = new JsonObject().put("version", version).put("method", request.method().name())
                        .put("uri", request.uri()).put("headers", headers).put("body", body.toString());
                int status = injectedError ? 500
                        : request.getParam("status") == null ? 200 : Integer.parseInt(request.getParam("status"));
                long delay = injectedDelay
                        + (request.getParam("delay") == null ? 0 : Long.parseLong(request.getParam("delay")));
                String reason = request.getParam("reason");
                Runnable answer = () -> {
                    if (reason != null) {
                        request.response().setStatusMessage(reason);
                    }
                    request.response().setStatusCode(status).putHeader("X-App-Version", version)
                            .putHeader("Content-Type", "application/json").putHeader("X-Upstream-Only", "kept")
                            .end(seen.encode());
                };
                long stall = request.getParam("stall") == null ? 0 : Long.parseLong(request.getParam("stall"));
                if (stall > 0) {
                    // The status line and a first chunk now, the rest after the stall: silence mid-answer.
                    request.response().setChunked(true).putHeader("X-App-Version", version).write("first chunk,");
                    VERTX.setTimer(stall, id -> {
                        if (!request.response().closed()) {
                            request.response().end("the rest");
                        }
                    });
                } else if (delay > 0) {
                    // The client (a gateway that timed out) may be gone by then.
                    VERTX.setTimer(delay, id -> {
                        if (!request.response().closed()) {
                            answer.run();
                        }
                    });
                } else {
                    answer.run();
                }
            });
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static TestUpstream start(String version) throws Exception {
        return new TestUpstream(version);
    }

    public String url() {
        return "http://localhost:" + server.actualPort();
    }

    public String version() {
        return version;
    }

    public int requests() {
        return requests.get();
    }

    /** Requests whose body arrived whole: the ones this upstream would act on. */
    public int wholeRequests() {
        return wholeRequests.get();
    }

    /** Requests whose connection was cut before their body was whole. */
    public int cutRequests() {
        return cutRequests.get();
    }

    /**
     * From the next request on, answers {@code errorPercent} % of requests with 500 and delays every
     * answer by {@code addedLatencyMillis}. Deterministic: at 20 % exactly every 5th request fails,
     * so an interval's error rate is known to a request. {@code fault(0, 0)} heals it.
     */
    public void fault(double errorPercent, long addedLatencyMillis) {
        if (errorPercent < 0 || errorPercent > 100 || addedLatencyMillis < 0) {
            throw new IllegalArgumentException("error rate 0..100 and latency >= 0, got " + errorPercent + ", "
                    + addedLatencyMillis);
        }
        this.errorPercent = errorPercent;
        this.addedLatencyMillis = addedLatencyMillis;
        faultCounted.set(0);
    }

    /** The n-th request fails when floor(n * rate / 100) grows at n: spread evenly, exact over any run. */
    private boolean nextIsInjectedError() {
        double percent = errorPercent;
        if (percent <= 0) {
            return false;
        }
        long n = faultCounted.incrementAndGet();
        return Math.floor(n * percent / 100) > Math.floor((n - 1) * percent / 100);
    }

    /** Makes {@code /q/health/ready} answer 503, as a draining instance does. */
    public void notReady() {
        readyStatus = 503;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
