package dev.rolloutlab.gateway.routing;

import dev.rolloutlab.gateway.progressive.plan.Plan;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A validated routing config (see {@link RoutingConfigParser} for the YAML). Blocks of
 * strategies that are not in effect may be {@code null}.
 */
public record RoutingConfig(Strategy strategy, Map<String, List<URI>> groups, Rolling rolling,
        BlueGreen bluegreen, Canary canary) {

    /** {@code rolling:} everything to one group. */
    public record Rolling(String group) {
    }

    /**
     * {@code bluegreen:} the active group gets all traffic; preview only on purpose.
     * {@code progressive}: the automated switch ({@code bluegreen.progressive}), or null.
     */
    public record BlueGreen(String active, String preview, Plan progressive) {
        public BlueGreen(String active, String preview) {
            this(active, preview, null);
        }
    }

    /**
     * {@code canary:} weight percent of requests to the canary group. {@code progressive}: the
     * automated rollout ({@code canary.progressive}), or null; with it the weight comes from the
     * rollout's state and {@code weight} is 0.
     */
    public record Canary(String stable, String canary, int weight, boolean sticky, boolean fallback, Plan progressive) {
        public Canary(String stable, String canary, int weight, boolean sticky, boolean fallback) {
            this(stable, canary, weight, sticky, fallback, null);
        }
    }

    /** The groups the strategy in effect sends traffic to, with the share (0..100) each should get. */
    public Map<String, Integer> configuredShares() {
        return switch (strategy) {
            case ROLLING -> Map.of(rolling.group(), 100);
            case BLUEGREEN -> Map.of(bluegreen.active(), 100, bluegreen.preview(), 0);
            case CANARY -> Map.of(canary.stable(), 100 - canary.weight(), canary.canary(), canary.weight());
        };
    }
}
