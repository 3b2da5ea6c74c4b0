package dev.rolloutlab.gateway.stats;

import dev.rolloutlab.gateway.routing.source.RoutingState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /gateway/stats}: the sliding window per group and per version. */
@Path("/gateway/stats")
public class StatsResource {

    private final TrafficStats stats;
    private final RoutingState routing;

    StatsResource(TrafficStats stats, RoutingState routing) {
        this.stats = stats;
        this.routing = routing;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public StatsSnapshot stats() {
        Map<String, Integer> configured = routing.active().map(a -> a.config().configuredShares()).orElse(Map.of());
        return stats.snapshot(System.currentTimeMillis(), configured);
    }
}
