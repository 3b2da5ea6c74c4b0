package dev.rolloutlab.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP upstream on a free local port that answers like the sample service: JSON naming
 * its version, the {@code X-App-Version} header, and an echo of what it received. Query
 * parameters shape the answer: {@code status}, {@code reason} (the status line's phrase) and
 * {@code delay} in milliseconds.
 */
public final class TestUpstream implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final String version;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int readyStatus = 200;

    private TestUpstream(String version) throws Exception {
        this.version = version;
        this.server = VERTX.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/q/health/ready")) {
                request.response().setStatusCode(readyStatus).end();
                return;
            }
            requests.incrementAndGet();
            request.body().onSuccess(body -> {
                JsonObject headers = new JsonObject();
                request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                JsonObject seen = new JsonObject().put("version", version).put("method", request.method().name())
                        .put("uri", request.uri()).put("headers", headers).put("body", body.toString());
                int status = request.getParam("status") == null ? 200 : Integer.parseInt(request.getParam("status"));
                long delay = request.getParam("delay") == null ? 0 : Long.parseLong(request.getParam("delay"));
                String reason = request.getParam("reason");
                Runnable answer = () -> {
                    if (reason != null) {
                        request.response().setStatusMessage(reason);
                    }
                    request.response().setStatusCode(status).putHeader("X-App-Version", version)
                            .putHeader("Content-Type", "application/json").putHeader("X-Upstream-Only", "kept")
                            .end(seen.encode());
                };
                if (delay > 0) {
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

    /** Makes {@code /q/health/ready} answer 503, as a draining instance does. */
    public void notReady() {
        readyStatus = 503;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
