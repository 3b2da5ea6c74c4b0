package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.edge.EdgeChecks;
import dev.rolloutlab.gateway.routing.InvalidRouteRequestException;
import dev.rolloutlab.gateway.routing.RouteDecision;
import dev.rolloutlab.gateway.routing.RouteRequest;
import dev.rolloutlab.gateway.routing.Strategy;
import dev.rolloutlab.gateway.routing.source.RoutingState;
import dev.rolloutlab.gateway.settings.GatewayConfig;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
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
public class ProxyHandler {

    static final String PREVIEW_PREFIX = "/preview";
    private static final String API = "/api";
    private static final String PREVIEW_API = PREVIEW_PREFIX + API;
    // Looked up on every request: names with their hash computed once (see Forwarder).
    private static final CharSequence CANARY = HttpHeaders.createOptimized(RouteRequest.CANARY_HEADER);
    private static final CharSequence PREVIEW = HttpHeaders.createOptimized(RouteRequest.PREVIEW_HEADER);

    private final RoutingState routing;
    private final GatewayConfig config;
    private final Forwarder forwarder;
    private final ErrorResponder errors;
    private final InFlight inFlight;

    ProxyHandler(RoutingState routing, GatewayConfig config, Forwarder forwarder, ErrorResponder errors, InFlight inFlight) {
        this.routing = routing;
        this.config = config;
        this.forwarder = forwarder;
        this.errors = errors;
        this.inFlight = inFlight;
    }

    /** Whether a request for {@code path} (normalized) is proxied: the sample API's paths, and their preview. */
    public static boolean proxies(String path) {
        return under(path, API) || under(path, PREVIEW_API);
    }

    private static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** Proxies {@code request}, whose normalized path is {@code path}. */
    public void handle(HttpServerRequest request, String path) {
        long start = inFlight.begin();
        RoutingState.Active active = routing.active().orElse(null);
        if (active == null) {
            errors.fail(request, start, null, null, 503, "no routing config loaded yet (waiting for " + config.routing().file() + ")");
            return;
        }
        boolean previewPath = under(path, PREVIEW_API);
        if (previewPath && active.config().strategy() != Strategy.BLUEGREEN) {
            errors.fail(request, start, null, null, 404, "no preview group: the strategy is " + active.config().strategy().key()
                    + "; /preview/... is for bluegreen");
            return;
        }
        RouteDecision decision;
        try {
            decision = active.router().route(new RouteRequest(request.getHeader(CANARY),
                    cookie(request, RouteRequest.CANARY_COOKIE), cookie(request, RouteRequest.STICKY_COOKIE),
                    previewPath || RouteRequest.previewHeader(request.getHeader(PREVIEW))));
        } catch (InvalidRouteRequestException e) {
            errors.fail(request, start, null, null, 400, e.getMessage());
            return;
        }
        String target = EdgeChecks.originForm(request.uri()); // an absolute URI's host is ignored
        String uri = previewPath ? target.substring(PREVIEW_PREFIX.length()) : target;
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean hasBody = length != null && !"0".equals(length) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (hasBody) {
            request.pause();
        }
        forwarder.forward(request, start, uri, decision, hasBody);
    }

    private static String cookie(HttpServerRequest request, String name) {
        if (!request.headers().contains(HttpHeaders.COOKIE)) {
            return null; // most requests: skip building the request's cookie map
        }
        Cookie cookie = request.getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }
}
