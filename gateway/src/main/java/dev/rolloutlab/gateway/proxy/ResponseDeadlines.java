package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.settings.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;

/**
 * {@code gateway.upstream.response-timeout}, the longest silence from an upstream, for every
 * exchange in flight: one periodic check per event loop instead of a timer per request. Vert.x's
 * per-request idle timeout schedules and cancels a timer for every exchange (a map entry, a
 * scheduled task, a priority-queue insert and removal), about 3 % of the gateway's CPU per
 * request (bench/README.md). Here an exchange costs one queue entry on its own event loop, and
 * the check walks that loop's exchanges a few times per timeout.
 *
 * <p>Silence is measured on what reaches the client: an exchange whose response has not grown
 * for the timeout is cut. Before the status line that is a {@link TimeoutException} (a retry, or
 * 504); mid-answer the upstream request is reset and the {@link Forwarder} closes the client's
 * connection, the only way to say an answer is incomplete.
 */
@Singleton
public class ResponseDeadlines {

    private final Vertx vertx;
    private final long timeoutNanos;
    private final long tickMillis;
    private final String message;
    private final ThreadLocal<ArrayDeque<Watch>> loops = ThreadLocal.withInitial(this::startLoop);

    ResponseDeadlines(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        long timeoutMillis = config.upstream().responseTimeout().toMillis();
        this.timeoutNanos = timeoutMillis * 1_000_000;
        // A few checks per timeout: a 504 comes at most an eighth of the timeout late.
        this.tickMillis = Math.max(5, Math.min(250, timeoutMillis / 8));
        this.message = "no answer within " + timeoutMillis + " ms (gateway.upstream.response-timeout)";
    }

    /** Watches {@code upstream}, whose answer streams into {@code response}; call on the event loop that sent it. */
    Watch watch(HttpClientRequest upstream, HttpServerResponse response) {
        Watch watch = new Watch(upstream, response, System.nanoTime());
        loops.get().add(watch);
        return watch;
    }

    /** One exchange's clock; {@link #done()} once its answer is through or it failed. */
    static final class Watch {
        private final HttpClientRequest upstream;
        private final HttpServerResponse response;
        private long lastProgress;
        private long bytesSeen;
        private boolean done;

        private Watch(HttpClientRequest upstream, HttpServerResponse response, long now) {
            this.upstream = upstream;
            this.response = response;
            this.lastProgress = now;
            this.bytesSeen = response.bytesWritten();
        }

        void done() {
            done = true;
        }

        private boolean silentFor(long now, long nanos) {
            long bytes = response.bytesWritten();
            if (bytes != bytesSeen) {
                bytesSeen = bytes;
                lastProgress = now;
            }
            return now - lastProgress >= nanos;
        }
    }

    private ArrayDeque<Watch> startLoop() {
        ArrayDeque<Watch> watching = new ArrayDeque<>();
        // Called on an event loop: the periodic check runs on that same loop, so the queue is never shared.
        vertx.setPeriodic(tickMillis, id -> check(watching));
        return watching;
    }

    private void check(ArrayDeque<Watch> watching) {
        long now = System.nanoTime();
        for (int i = watching.size(); i > 0; i--) {
            Watch watch = watching.poll();
            if (watch.done) {
                continue;
            }
            if (watch.silentFor(now, timeoutNanos)) {
                watch.done = true;
                watch.upstream.reset(0, new TimeoutException(message));
            } else {
                watching.add(watch);
            }
        }
    }
}
