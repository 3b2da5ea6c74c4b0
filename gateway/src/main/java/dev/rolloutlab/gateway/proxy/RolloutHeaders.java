package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.routing.Reason;
import dev.rolloutlab.gateway.routing.RouteDecision;
import dev.rolloutlab.gateway.routing.RouteRequest;
import dev.rolloutlab.gateway.upstream.UpstreamInstance;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * What the gateway adds to a response on its way out: which group served it and why
 * ({@value #GROUP_HEADER}, {@value #REASON_HEADER}), from which instance ({@value #UPSTREAM_HEADER}),
 * and the sticky cookie the decision asks for.
 */
public final class RolloutHeaders {

    public static final String GROUP_HEADER = "X-Rollout-Group";
    public static final String REASON_HEADER = "X-Rollout-Reason";
    public static final String UPSTREAM_HEADER = "X-Rollout-Upstream";
    // Set on every response: names with their hash computed once (see Forwarder).
    private static final CharSequence GROUP = HttpHeaders.createOptimized(GROUP_HEADER);
    private static final CharSequence REASON = HttpHeaders.createOptimized(REASON_HEADER);
    private static final CharSequence UPSTREAM = HttpHeaders.createOptimized(UPSTREAM_HEADER);

    private RolloutHeaders() {
    }

    /** An upstream's answer: group, reason, instance, and the sticky cookie set or cleared. */
    static void served(HttpServerResponse response, String group, Reason reason, UpstreamInstance instance,
            RouteDecision.Sticky sticky) {
        response.putHeader(GROUP, group);
        response.putHeader(REASON, reason.label());
        response.putHeader(UPSTREAM, instance.uri().toString());
        switch (sticky) {
            case SET -> response.addCookie(Cookie.cookie(RouteRequest.STICKY_COOKIE, group)
                    .setPath("/").setMaxAge(3600).setSameSite(CookieSameSite.LAX));
            case CLEAR -> response.addCookie(Cookie.cookie(RouteRequest.STICKY_COOKIE, "").setPath("/").setMaxAge(0));
            case KEEP -> { }
        }
    }

    /** The gateway's own error answer for a group that did not answer: group and reason only. */
    static void failed(HttpServerResponse response, String group, Reason reason) {
        response.putHeader(GROUP, group).putHeader(REASON, reason.label());
    }
}
