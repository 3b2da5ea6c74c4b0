package dev.rolloutlab.gateway.routing;

import java.util.List;

/**
 * The routing decision for one config: pure, no I/O, so every rule is unit-tested. A new
 * config gets a new router, which restarts the weighted sequence (as nginx does on reload).
 *
 * <p>Canary precedence: {@code X-Canary} header, then the {@code rollout-lab-canary} cookie,
 * then stickiness (when enabled: a client once sent to canary stays while the weight is above
 * 0), then the weighted split.
 */
public final class Router {

    private final RoutingConfig config;
    private final SmoothWeightedRoundRobin split;

    public Router(RoutingConfig config) {
        this.config = config;
        RoutingConfig.Canary canary = config.canary();
        this.split = config.strategy() == Strategy.CANARY
                ? new SmoothWeightedRoundRobin(List.of(canary.stable(), canary.canary()),
                        new int[] {100 - canary.weight(), canary.weight()})
                : null;
    }

    public RoutingConfig config() {
        return config;
    }

    /** @throws InvalidRouteRequestException for a forcing header or cookie with an unknown value */
    public RouteDecision route(RouteRequest request) throws InvalidRouteRequestException {
        return switch (config.strategy()) {
            case ROLLING -> new RouteDecision(config.rolling().group(), Reason.ROLLING, null, RouteDecision.Sticky.KEEP);
            case BLUEGREEN -> request.preview()
                    ? new RouteDecision(config.bluegreen().preview(), Reason.PREVIEW, null, RouteDecision.Sticky.KEEP)
                    : new RouteDecision(config.bluegreen().active(), Reason.ACTIVE, null, RouteDecision.Sticky.KEEP);
            case CANARY -> canary(request);
        };
    }

    private RouteDecision canary(RouteRequest request) throws InvalidRouteRequestException {
        RoutingConfig.Canary canary = config.canary();
        Boolean header = force(RouteRequest.CANARY_HEADER + " header", request.canaryHeader());
        if (header != null) {
            return decide(header ? canary.canary() : canary.stable(), Reason.HEADER, RouteDecision.Sticky.KEEP);
        }
        Boolean cookie = force(RouteRequest.CANARY_COOKIE + " cookie", request.canaryCookie());
        if (cookie != null) {
            return decide(cookie ? canary.canary() : canary.stable(), Reason.COOKIE, RouteDecision.Sticky.KEEP);
        }
        boolean hasSticky = request.stickyCookie() != null;
        if (canary.sticky() && hasSticky && request.stickyCookie().equals(canary.canary()) && canary.weight() > 0) {
            return decide(canary.canary(), Reason.STICKY, RouteDecision.Sticky.KEEP);
        }
        String group = split.next();
        RouteDecision.Sticky sticky;
        if (canary.sticky() && group.equals(canary.canary())) {
            sticky = RouteDecision.Sticky.SET;
        } else {
            sticky = hasSticky ? RouteDecision.Sticky.CLEAR : RouteDecision.Sticky.KEEP;
        }
        return decide(group, Reason.WEIGHT, sticky);
    }

    private RouteDecision decide(String group, Reason reason, RouteDecision.Sticky sticky) {
        RoutingConfig.Canary canary = config.canary();
        String fallback = canary.fallback() && group.equals(canary.canary()) ? canary.stable() : null;
        return new RouteDecision(group, reason, fallback, sticky);
    }

    private static Boolean force(String what, String value) throws InvalidRouteRequestException {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "always" -> true;
            case "never" -> false;
            default -> throw new InvalidRouteRequestException(what + " must be 'always' or 'never', got '" + value + "'");
        };
    }
}
