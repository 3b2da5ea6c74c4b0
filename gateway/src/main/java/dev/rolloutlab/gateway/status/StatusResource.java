package dev.rolloutlab.gateway.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rolloutlab.gateway.progressive.RolloutController;
import dev.rolloutlab.gateway.progressive.RolloutView;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.source.RoutingState;
import dev.rolloutlab.gateway.upstream.UpstreamInstance;
import dev.rolloutlab.gateway.upstream.Upstreams;
import dev.rolloutlab.gateway.upstream.endpoints.EndpointSliceWatcher;
import dev.rolloutlab.gateway.upstream.endpoints.PodEndpoint;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /gateway/status}: the config in effect, where it came from and when, the last
 * rejected config and why, the reload log, each upstream instance's health (in a cluster: each pod,
 * with its endpoint's state, and the EndpointSlice watch in {@code endpoints}), and the progressive
 * rollout ({@code rollout}, as {@code GET /gateway/rollout} shows it). {@code config} is the
 * effective config: with a progressive rollout, its weight is the rollout's.
 */
@Path("/gateway/status")
public class StatusResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(RoutingConfig config, Map<String, Integer> configuredShares, String source, Instant loadedAt,
            RoutingState.Reload lastRejected, List<RoutingState.Reload> reloads, List<Upstream> upstreams,
            EndpointSliceWatcher.Status endpoints, RolloutView rollout) {
    }

    /**
     * One instance of a group. For a pod of a Service (endpoint routing in a cluster): its name,
     * the Service, its node and its endpoint's state (ready, terminating, not ready).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upstream(String group, String url, String name, boolean healthy, String problem, Instant checkedAt,
            String service, String pod, String node, String endpoint) {

        static Upstream of(String group, UpstreamInstance instance) {
            PodEndpoint pod = instance.endpoint();
            return new Upstream(group, instance.uri().toString(), instance.name(), instance.healthy(), instance.problem(),
                    instance.checkedAt(), instance.service(), pod == null ? null : pod.pod(),
                    pod == null ? null : pod.node(), pod == null ? null : pod.state());
        }
    }

    private final RoutingState routing;
    private final Upstreams upstreams;
    private final RolloutController rollout;
    private final EndpointSliceWatcher endpoints;

    StatusResource(RoutingState routing, Upstreams upstreams, RolloutController rollout, EndpointSliceWatcher endpoints) {
        this.routing = routing;
        this.upstreams = upstreams;
        this.rollout = rollout;
        this.endpoints = endpoints;
    }

    /** The routing YAML in effect, exactly as it was read. */
    @GET
    @Path("yaml")
    @Produces(MediaType.TEXT_PLAIN)
    public Response yaml() {
        return routing.active().map(a -> Response.ok(a.yaml()).build())
                .orElse(Response.status(Response.Status.NOT_FOUND).entity("no routing config loaded yet\n").build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Status status() {
        List<Upstream> health = new ArrayList<>();
        upstreams.all().forEach((group, instances) -> {
            for (UpstreamInstance instance : instances) {
                health.add(Upstream.of(group, instance));
            }
        });
        RoutingState.Active active = routing.active().orElse(null);
        return new Status(active == null ? null : active.config(),
                active == null ? null : active.config().configuredShares(),
                active == null ? null : active.source(), active == null ? null : active.loadedAt(),
                routing.lastRejected().orElse(null), routing.reloads(), health, endpoints.status(), rollout.view());
    }
}
