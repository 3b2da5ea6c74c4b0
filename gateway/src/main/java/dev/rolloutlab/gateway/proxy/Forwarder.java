package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.routing.Reason;
import dev.rolloutlab.gateway.routing.RouteDecision;
import dev.rolloutlab.gateway.stats.Exchange;
import dev.rolloutlab.gateway.upstream.UpstreamClients;
import dev.rolloutlab.gateway.upstream.UpstreamInstance;
import dev.rolloutlab.gateway.upstream.Upstreams;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Sends one routed request upstream and streams the answer back: the attempt with its retry and
 * fallback. A request is retried once on another instance of its group when it is idempotent,
 * has no body, and failed before any of the answer reached the client: a refused or reset
 * connection, or no answer within {@code gateway.upstream.response-timeout}. When the group
 * cannot answer and the decision names a fallback group, that group is tried the same way
 * (requests without a body only). What is left is answered 504 after a response timeout, 502
 * otherwise. The response timeout is kept by {@link ResponseDeadlines}.
 */
@Singleton
public class Forwarder {

    static final String VERSION_HEADER = "X-App-Version";
    // Header names looked up or set on every request, with their hash computed once (Vert.x's
    // optimized form): a plain String name is hashed again on each use.
    private static final CharSequence VERSION = HttpHeaders.createOptimized(VERSION_HEADER);
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
    private static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
    private static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);

    private final Upstreams upstreams;
    private final UpstreamClients clients;
    private final ErrorResponder errors;
    private final ExchangeRecorder recorder;
    private final ResponseDeadlines deadlines;

    Forwarder(Upstreams upstreams, UpstreamClients clients, ErrorResponder errors,
            ExchangeRecorder recorder, ResponseDeadlines deadlines) {
        this.upstreams = upstreams;
        this.clients = clients;
        this.errors = errors;
        this.recorder = recorder;
        this.deadlines = deadlines;
    }

    /**
     * Forwards the request to {@code decision}'s group, under {@code uri}. {@code hasBody}: the
     * request carries a body, and is paused until an upstream request can take it.
     */
    void forward(HttpServerRequest request, long start, String uri, RouteDecision decision, boolean hasBody) {
        new Attempt(request, start, uri, decision, hasBody).send(decision.group(), decision.reason());
    }

    /** One request's way through the upstreams: instances tried, retry and fallback used. */
    private final class Attempt {
        private final HttpServerRequest request;
        private final long start;
        private final String uri;
        private final RouteDecision decision;
        private final boolean hasBody;
        /** Instances tried so far: one in nearly every exchange, so no set is built for it. */
        private Set<UpstreamInstance> tried = Set.of();
        private boolean retried;
        private boolean fellBack;
        /** Why the last try in this group failed: what the client is told when no instance is left. */
        private Throwable lastError;
        /** The response timeout of the try in flight. */
        private ResponseDeadlines.Watch watch;

        Attempt(HttpServerRequest request, long start, String uri, RouteDecision decision, boolean hasBody) {
            this.request = request;
            this.start = start;
            this.uri = uri;
            this.decision = decision;
            this.hasBody = hasBody;
        }

        void send(String group, Reason reason) {
            UpstreamInstance instance = upstreams.pick(group, tried);
            if (instance == null) {
                giveUp(group, reason, lastError != null ? lastError : new ConnectException(tried.isEmpty() ? "it has no ready instance" : "no instance left to try"));
                return;
            }
            tried = tried.isEmpty() ? Set.of(instance) : union(tried, instance);
            RequestOptions options = new RequestOptions()
                    .setMethod(request.method()).setHost(instance.host()).setPort(instance.port())
                    .setSsl(instance.ssl()).setURI(uri);
            watch = null;
            clients.current().request(options).compose(upstream -> {
                watch = deadlines.watch(upstream, request.response());
                Headers.copy(request.headers(), upstream.headers());
                upstream.headers().set(HttpHeaders.HOST, instance.uri().getAuthority());
                upstream.headers().set(X_FORWARDED_FOR, forwardedFor(request));
                upstream.headers().set(X_FORWARDED_PROTO, request.scheme());
                String host = request.getHeader(HttpHeaders.HOST);
                if (host != null) {
                    upstream.headers().set(X_FORWARDED_HOST, host);
                }
                return hasBody ? sendBody(upstream) : upstream.send();
            }).onSuccess(response -> respond(response, group, reason, instance)).onFailure(failure -> {
                Throwable error = causeOfReset(failure);
                if (watch != null) {
                    watch.done();
                }
                boolean retryable = !hasBody && IDEMPOTENT.contains(request.method()) && !request.response().headWritten();
                lastError = error;
                if (retryable && !retried) {
                    retried = true;
                    send(group, reason);
                } else {
                    giveUp(group, reason, error);
                }
            });
        }

        /**
         * Streams the client's body upstream. When the client's side fails mid-body (a malformed
         * chunk, a lost connection), the upstream request is reset, not ended: ended, it would
         * carry the truncated body as if it were whole.
         */
        private Future<HttpClientResponse> sendBody(HttpClientRequest upstream) {
            if (!upstream.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                upstream.setChunked(true);
            }
            request.pipe().endOnFailure(false).to(upstream).onFailure(failed -> upstream.reset(0, failed));
            return upstream.response();
        }

        private void giveUp(String group, Reason reason, Throwable error) {
            if (decision.fallback() != null && !fellBack && !hasBody && !request.response().headWritten()) {
                fellBack = true;
                retried = false;
                lastError = null;
                send(decision.fallback(), Reason.FALLBACK);
                return;
            }
            int status = error instanceof TimeoutException ? 504 : 502;
            errors.fail(request, start, group, reason, status, "group '" + group + "' did not answer: " + error.getMessage());
        }

        private void respond(HttpClientResponse upstream, String group, Reason reason, UpstreamInstance instance) {
            HttpServerResponse response = request.response();
            response.setStatusCode(upstream.statusCode());
            // Only a non-standard reason phrase is copied: setting one makes Netty build a new status per response.
            if (!HttpResponseStatus.valueOf(upstream.statusCode()).reasonPhrase().equals(upstream.statusMessage())) {
                response.setStatusMessage(upstream.statusMessage());
            }
            Headers.copy(upstream.headers(), response.headers());
            if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                response.setChunked(true);
            }
            RolloutHeaders.served(response, group, reason, instance, decision.sticky());
            String answeredBy = upstream.getHeader(VERSION);
            String version = answeredBy != null ? answeredBy : group;
            // A client may leave while its answer is on the way (a closed tab, a load generator
            // stopping). The upstream exchange is dropped then: writing on into the closed
            // response would throw on the event loop, and it is no upstream error either.
            HttpClientRequest outbound = upstream.request();
            if (response.closed()) {
                upstream.exceptionHandler(expected -> { }); // the reset below, not worth a log line
                outbound.reset();
                watch.done();
                recorder.record(start, group, version, instance.name(), Exchange.CLIENT_CLOSED, reason, null);
                return;
            }
            // While the answer streams, the pipe hears of the reset and ends with a failure.
            response.closeHandler(closed -> outbound.reset());
            upstream.pipe().endOnFailure(false).to(response).onComplete(done -> {
                watch.done();
                response.closeHandler(null);
                if (done.succeeded()) {
                    recorder.record(start, group, version, instance.name(), upstream.statusCode(), reason, null);
                } else if (response.closed() || done.cause() instanceof ClosedChannelException) {
                    // Gone before Vert.x saw the close: the write to the client failed instead.
                    recorder.record(start, group, version, instance.name(), Exchange.CLIENT_CLOSED, reason, null);
                } else {
                    // The upstream failed mid-answer. The status line is out, so closing the
                    // connection is the only way to tell the client the answer is incomplete.
                    response.reset();
                    recorder.record(start, group, version, instance.name(), 502, reason, done.cause().getMessage());
                }
            });
        }
    }

    /** A timeout from {@link ResponseDeadlines} arrives wrapped in the stream reset it caused. */
    private static Throwable causeOfReset(Throwable failure) {
        return failure instanceof StreamResetException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static Set<UpstreamInstance> union(Set<UpstreamInstance> tried, UpstreamInstance instance) {
        Set<UpstreamInstance> more = new HashSet<>(tried);
        more.add(instance);
        return more;
    }

    private static String forwardedFor(HttpServerRequest request) {
        String previous = request.getHeader(X_FORWARDED_FOR);
        // The connection's address: the request's own remoteAddress() runs Vert.x Web's
        // Forwarded-header parser on every call, for a setting the gateway does not use.
        SocketAddress peer = request.connection().remoteAddress();
        String client = peer == null ? "unknown" : peer.hostAddress();
        return previous == null ? client : previous + ", " + client;
    }
}
