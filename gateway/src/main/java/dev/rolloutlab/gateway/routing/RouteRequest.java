package dev.rolloutlab.gateway.routing;

/**
 * What of a request the routing decision looks at.
 *
 * @param canaryHeader the {@code X-Canary} header ({@code always}/{@code never}), or null
 * @param canaryCookie the {@code rollout-lab-canary} cookie ({@code always}/{@code never}), or null
 * @param stickyCookie the {@code rollout-lab-sticky} cookie: the group the client was sent to, or null
 * @param preview whether the client asked for the blue/green preview (header or path)
 */
public record RouteRequest(String canaryHeader, String canaryCookie, String stickyCookie, boolean preview) {

    public static final String CANARY_HEADER = "X-Canary";
    public static final String CANARY_COOKIE = "rollout-lab-canary";
    public static final String STICKY_COOKIE = "rollout-lab-sticky";
    public static final String PREVIEW_HEADER = "X-Preview";

    /**
     * The {@code X-Preview} header: absent or {@code false} means no, {@code true} means yes;
     * anything else is a mistake worth a 400, not a silent "no".
     */
    public static boolean previewHeader(String value) throws InvalidRouteRequestException {
        if (value == null || value.isEmpty() || "false".equals(value)) {
            return false;
        }
        if ("true".equals(value)) {
            return true;
        }
        throw new InvalidRouteRequestException(PREVIEW_HEADER + " header must be 'true' or 'false', got '" + value + "'");
    }

    public static RouteRequest plain() {
        return new RouteRequest(null, null, null, false);
    }
}
