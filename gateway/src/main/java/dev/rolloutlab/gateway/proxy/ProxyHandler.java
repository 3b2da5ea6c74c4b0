package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.config.GatewayConfig;
import dev.rolloutlab.gateway.config.RoutingState;
import dev.rolloutlab.gateway.routing.InvalidRouteRequestException;
import dev.rolloutlab.gateway.routing.Reason;
import dev.rolloutlab.gateway.routing.RouteDecision;
import dev.rolloutlab.gateway.routing.RouteRequest;
import dev.rolloutlab.gateway.routing.Strategy;
import dev.rolloutlab.gateway.stats.Exchange;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Proxies one request to the group the routing decision names, streaming both bodies through
 * a pooled Vert.x client. An idempotent request without a body whose connection fails before
 * any response is retried once on another instance of the group; when the group cannot answer
 * and the decision allows it, the fallback group answers. Every response says which group
 * served it and why ({@code X-Rollout-Group}, {@code X-Rollout-Reason}).
 *
 * <p>This bean and the ones it calls per request are {@code @Singleton}: a normal-scoped bean
 * is reached through a client proxy that looks the instance up again on every call.
 */
@Singleton
public class ProxyHandler implements Handler<RoutingContext> {

    public static final String GROUP_HEADER = "X-Rollout-Group";
    public static final String REASON_HEADER = "X-Rollout-Reason";
    public static final String UPSTREAM_HEADER = "X-Rollout-Upstream";
    static final String VERSION_HEADER = "X-App-Version";
    static final String PREVIEW_PREFIX = "/preview";
    /**
     * Recorded when the client leaves before its answer is through (nginx's code for it), with
     * no error: nothing went wrong on the gateway's or the upstream's side.
     */
    static final int CLIENT_CLOSED = 499;
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);

    private final RoutingState routing;
    private final Upstreams upstreams;
    private final GatewayConfig config;
    private final Consumer<Exchange> recorder;
    private final MeterRegistry registry;
    private final Vertx vertx;
    /**
     * One client, so one connection pool, per event loop. A pool shared by all event loops hands
     * a request on loop A a connection owned by loop B, and every step of the exchange then hops
     * between the two threads (a task queued and a selector woken each time). Created on first
     * use on each loop, a client's connections all belong to that loop, so the whole exchange
     * stays on one thread.
     */
    private final ThreadLocal<HttpClient> clients = ThreadLocal.withInitial(this::newClient);
    /** Meters by tags: looking a meter up through Timer.builder(..).register on every request is costly. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String group, String version, String reason, String outcome) {
    }

    ProxyHandler(RoutingState routing, Upstreams upstreams, GatewayConfig config, ExchangeRecorder recorder,
            MeterRegistry registry, Vertx vertx) {
        this.routing = routing;
        this.upstreams = upstreams;
        this.config = config;
        this.recorder = recorder;
        this.registry = registry;
        this.vertx = vertx;
    }

    private HttpClient newClient() {
        long lifetime = config.upstream().maxConnectionLifetime().toMillis();
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setKeepAliveTimeout((int) Math.max(1, lifetime / 1000)))
                .with(new PoolOptions().setHttp1MaxSize(config.upstream().maxConnectionsPerInstance()))
                // Bounded lifetime: close each pooled connection once it has served its time, after
                // its current request, so new pods behind a Service get connections too.
                .withConnectHandler(connection -> vertx.setTimer(lifetime, id -> connection.shutdown(lifetime, TimeUnit.MILLISECONDS)))
                .build();
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        RoutingState.Active active = routing.active().orElse(null);
        if (active == null) {
            fail(rc, start, null, null, 503, "no routing config loaded yet (waiting for " + config.routing().file() + ")");
            return;
        }
        boolean previewPath = rc.normalizedPath().startsWith(PREVIEW_PREFIX + "/");
        if (previewPath && active.config().strategy() != Strategy.BLUEGREEN) {
            fail(rc, start, null, null, 404, "no preview group: the strategy is " + active.config().strategy().key()
                    + "; /preview/... is for bluegreen");
            return;
        }
        RouteDecision decision;
        try {
            decision = active.router().route(new RouteRequest(request.getHeader(RouteRequest.CANARY_HEADER),
                    cookie(request, RouteRequest.CANARY_COOKIE), cookie(request, RouteRequest.STICKY_COOKIE),
                    previewPath || RouteRequest.previewHeader(request.getHeader(RouteRequest.PREVIEW_HEADER))));
        } catch (InvalidRouteRequestException e) {
            fail(rc, start, null, null, 400, e.getMessage());
            return;
        }
        String uri = previewPath ? request.uri().substring(PREVIEW_PREFIX.length()) : request.uri();
        boolean hasBody = request.headers().contains("Content-Length") && !"0".equals(request.getHeader("Content-Length"))
                || request.headers().contains("Transfer-Encoding");
        if (hasBody) {
            request.pause();
        }
        new Attempt(rc, start, uri, decision, hasBody).send(decision.group(), decision.reason());
    }

    /** One request's way through the upstreams: instances tried, retry and fallback used. */
    private final class Attempt {
        private final RoutingContext rc;
        private final long start;
        private final String uri;
        private final RouteDecision decision;
        private final boolean hasBody;
        private final Set<Instance> tried = new HashSet<>();
        private boolean retried;
        private boolean fellBack;
        /** Why the last try in this group failed: what the client is told when no instance is left. */
        private Throwable lastError;

        Attempt(RoutingContext rc, long start, String uri, RouteDecision decision, boolean hasBody) {
            this.rc = rc;
            this.start = start;
            this.uri = uri;
            this.decision = decision;
            this.hasBody = hasBody;
        }

        void send(String group, Reason reason) {
            Instance instance = upstreams.pick(group, tried);
            if (instance == null) {
                giveUp(group, reason, lastError != null ? lastError : new ConnectException("no instance left to try"));
                return;
            }
            tried.add(instance);
            HttpServerRequest request = rc.request();
            RequestOptions options = new RequestOptions()
                    .setMethod(request.method()).setHost(instance.host()).setPort(instance.port())
                    .setSsl(instance.ssl()).setURI(uri)
                    .setIdleTimeout(config.upstream().responseTimeout().toMillis());
            clients.get().request(options).compose(upstream -> {
                Headers.copy(request.headers(), upstream.headers());
                upstream.headers().set("Host", instance.uri().getAuthority());
                upstream.headers().set("X-Forwarded-For", forwardedFor(request));
                upstream.headers().set("X-Forwarded-Proto", request.scheme());
                upstream.headers().set("X-Forwarded-Host", String.valueOf(request.authority()));
                return hasBody ? upstream.send(request) : upstream.send();
            }).onSuccess(response -> respond(response, group, reason, instance)).onFailure(error -> {
                boolean retryable = !hasBody && IDEMPOTENT.contains(request.method()) && !rc.response().headWritten();
                lastError = error;
                if (retryable && !retried) {
                    retried = true;
                    send(group, reason);
                } else {
                    giveUp(group, reason, error);
                }
            });
        }

        private void giveUp(String group, Reason reason, Throwable error) {
            if (decision.fallback() != null && !fellBack && !hasBody && !rc.response().headWritten()) {
                fellBack = true;
                retried = false;
                lastError = null;
                send(decision.fallback(), Reason.FALLBACK);
                return;
            }
            int status = error instanceof TimeoutException ? 504 : 502;
            fail(rc, start, group, reason, status, "group '" + group + "' did not answer: " + error.getMessage());
        }

        private void respond(HttpClientResponse upstream, String group, Reason reason, Instance instance) {
            HttpServerResponse response = rc.response();
            response.setStatusCode(upstream.statusCode());
            // Only a non-standard reason phrase is copied: setting one makes Netty build a new status per response.
            if (!HttpResponseStatus.valueOf(upstream.statusCode()).reasonPhrase().equals(upstream.statusMessage())) {
                response.setStatusMessage(upstream.statusMessage());
            }
            Headers.copy(upstream.headers(), response.headers());
            if (!response.headers().contains("Content-Length")) {
                response.setChunked(true);
            }
            response.putHeader(GROUP_HEADER, group);
            response.putHeader(REASON_HEADER, reason.label());
            response.putHeader(UPSTREAM_HEADER, instance.uri().toString());
            switch (decision.sticky()) {
                case SET -> response.addCookie(Cookie.cookie(RouteRequest.STICKY_COOKIE, group)
                        .setPath("/").setMaxAge(3600).setSameSite(CookieSameSite.LAX));
                case CLEAR -> response.addCookie(Cookie.cookie(RouteRequest.STICKY_COOKIE, "").setPath("/").setMaxAge(0));
                case KEEP -> { }
            }
            String version = upstream.getHeader(VERSION_HEADER) != null ? upstream.getHeader(VERSION_HEADER) : group;
            // A client may leave while its answer is on the way (a closed tab, a load generator
            // stopping). The upstream exchange is dropped then: writing on into the closed
            // response would throw on the event loop, and it is no upstream error either.
            HttpClientRequest outbound = upstream.request();
            if (response.closed()) {
                upstream.exceptionHandler(expected -> { }); // the reset below, not worth a log line
                outbound.reset();
                record(start, group, version, CLIENT_CLOSED, reason, null);
                return;
            }
            // While the answer streams, the pipe hears of the reset and ends with a failure.
            response.closeHandler(closed -> outbound.reset());
            upstream.pipe().endOnFailure(false).to(response).onComplete(done -> {
                response.closeHandler(null);
                if (done.succeeded()) {
                    record(start, group, version, upstream.statusCode(), reason, null);
                } else if (response.closed() || done.cause() instanceof ClosedChannelException) {
                    // Gone before Vert.x saw the close: the write to the client failed instead.
                    record(start, group, version, CLIENT_CLOSED, reason, null);
                } else {
                    // The upstream failed mid-answer. The status line is out, so closing the
                    // connection is the only way to tell the client the answer is incomplete.
                    response.reset();
                    record(start, group, version, 502, reason, done.cause().getMessage());
                }
            });
        }
    }

    private void fail(RoutingContext rc, long start, String group, Reason reason, int status, String error) {
        JsonObject body = new JsonObject().put("status", status).put("error", error);
        if (group != null) {
            body.put("group", group);
        }
        HttpServerResponse response = rc.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (group != null) {
            response.putHeader(GROUP_HEADER, group).putHeader(REASON_HEADER, reason.label());
        }
        response.end(body.encode());
        if (!rc.request().isEnded()) {
            rc.request().resume();
        }
        record(start, group == null ? "none" : group, group == null ? "none" : group, status,
                reason, error);
    }

    private void record(long start, String group, String version, int status, Reason reason, String error) {
        double millis = (System.nanoTime() - start) / 1_000_000.0;
        String why = reason == null ? "none" : reason.label();
        recorder.accept(new Exchange(System.currentTimeMillis(), group, version, status, Math.round(millis * 100) / 100.0,
                why, error));
        String outcome = status >= 500 ? "error" : status == CLIENT_CLOSED ? "client_closed" : "ok";
        timers.computeIfAbsent(new TimerKey(group, version, why, outcome), key -> Timer
                .builder("gateway.requests").description("Requests through the gateway, by version, group and reason")
                .tag("group", key.group()).tag("version", key.version()).tag("reason", key.reason())
                .tag("outcome", key.outcome()).register(registry))
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    private static String cookie(HttpServerRequest request, String name) {
        Cookie cookie = request.getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    private static String forwardedFor(HttpServerRequest request) {
        String previous = request.getHeader("X-Forwarded-For");
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return previous == null ? client : previous + ", " + client;
    }
}
