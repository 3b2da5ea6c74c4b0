package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.edge.EdgeChecks;
import dev.rolloutlab.gateway.routing.InvalidRouteRequestException;
import dev.rolloutlab.gateway.routing.RouteDecision;
import dev.rolloutlab.gateway.routing.RouteRequest;
import dev.rolloutlab.gateway.routing.Strategy;
import dev.rolloutlab.gateway.routing.source.RoutingState;
import dev.rolloutlab.gateway.settings.GatewayConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Proxies one request: reads it, asks the router of the config in effect where it goes, and
 * hands it to the {@link Forwarder}, which streams both bodies through a pooled Vert.x client
 * ({@link UpstreamClients}), retries once on another instance after a failed connection or a
 * response timeout, falls back to another group when the decision allows it, and marks the
 * response ({@link RolloutHeaders}). Every exchange, answered or not, ends in the
 * {@link ExchangeRecorder}.
 *
 * <p>This bean and the ones it calls per request are {@code @Singleton}: a normal-scoped bean
 * is reached through a client proxy that looks the instance up again on every call.
 */
@Singleton
public class ProxyHandler implements Handler<RoutingContext> {

    static final String PREVIEW_PREFIX = "/preview";

    private final RoutingState routing;
    private final GatewayConfig config;
    private final Forwarder forwarder;
    private final ErrorResponder errors;

    ProxyHandler(RoutingState routing, GatewayConfig config, Forwarder forwarder, ErrorResponder errors) {
        this.routing = routing;
        this.config = config;
        this.forwarder = forwarder;
        this.errors = errors;
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        RoutingState.Active active = routing.active().orElse(null);
        if (active == null) {
            errors.fail(rc, start, null, null, 503, "no routing config loaded yet (waiting for " + config.routing().file() + ")");
            return;
        }
        boolean previewPath = rc.normalizedPath().startsWith(PREVIEW_PREFIX + "/");
        if (previewPath && active.config().strategy() != Strategy.BLUEGREEN) {
            errors.fail(rc, start, null, null, 404, "no preview group: the strategy is " + active.config().strategy().key()
                    + "; /preview/... is for bluegreen");
            return;
        }
        RouteDecision decision;
        try {
            decision = active.router().route(new RouteRequest(request.getHeader(RouteRequest.CANARY_HEADER),
                    cookie(request, RouteRequest.CANARY_COOKIE), cookie(request, RouteRequest.STICKY_COOKIE),
                    previewPath || RouteRequest.previewHeader(request.getHeader(RouteRequest.PREVIEW_HEADER))));
        } catch (InvalidRouteRequestException e) {
            errors.fail(rc, start, null, null, 400, e.getMessage());
            return;
        }
        String target = EdgeChecks.originForm(request.uri()); // an absolute URI's host is ignored
        String uri = previewPath ? target.substring(PREVIEW_PREFIX.length()) : target;
        boolean hasBody = request.headers().contains("Content-Length") && !"0".equals(request.getHeader("Content-Length"))
                || request.headers().contains("Transfer-Encoding");
        if (hasBody) {
            request.pause();
        }
        forwarder.forward(rc, start, uri, decision, hasBody);
    }

    private static String cookie(HttpServerRequest request, String name) {
        if (!request.headers().contains("Cookie")) {
            return null; // most requests: skip building the request's cookie map
        }
        Cookie cookie = request.getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }
}
