package dev.rolloutlab.gateway.upstream;

import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.source.RoutingState;
import dev.rolloutlab.gateway.settings.GatewayConfig;
import dev.rolloutlab.gateway.upstream.endpoints.EndpointSliceWatcher;
import dev.rolloutlab.gateway.upstream.endpoints.PodEndpoint;
import dev.rolloutlab.gateway.upstream.endpoints.ServiceNames;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of each group of the config in effect, picked round-robin. Instances the health
 * checker saw down are skipped while a healthy one remains. Health survives reloads: it is kept
 * per URL, not per config.
 *
 * <p>In a cluster with endpoint routing, a member that names a Service stands for its pods
 * ({@link EndpointSliceWatcher}): each is an instance; a terminating or unready pod gets no new
 * request, and its pooled connections are drained as soon as its endpoint says so.
 */
@Singleton
public class Upstreams {

    /** The instances of each group of one config and one set of endpoints, built once instead of per request. */
    private record Snapshot(RoutingConfig config, long endpoints, Map<String, List<UpstreamInstance>> groups) {
    }

    private final RoutingState routing;
    private final EndpointSliceWatcher pods;
    private final Map<URI, UpstreamInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of());

    Upstreams(RoutingState routing, EndpointSliceWatcher pods, UpstreamConnections connections, GatewayConfig config) {
        this.routing = routing;
        this.pods = pods;
        long grace = config.upstream().responseTimeout().toMillis();
        // Requests under way on a leaving pod finish; the connections then close instead of going back to the pool.
        pods.onLeaving(pod -> connections.drain(pod.address(), pod.port(), grace));
    }

    /**
     * The next instance of {@code group} in round-robin order that is not in {@code tried},
     * preferring healthy ones; null when none is left. A pod whose endpoint is terminating or not
     * ready is never picked.
     */
    public UpstreamInstance pick(String group, Set<UpstreamInstance> tried) {
        List<UpstreamInstance> all = groups().getOrDefault(group, List.of());
        if (all.isEmpty()) {
            return null;
        }
        int start = Math.floorMod(cursors.computeIfAbsent(group, g -> new AtomicInteger()).getAndIncrement(), all.size());
        UpstreamInstance unhealthy = null;
        for (int i = 0; i < all.size(); i++) {
            UpstreamInstance candidate = all.get((start + i) % all.size());
            if (tried.contains(candidate) || !candidate.routable()) {
                continue;
            }
            if (candidate.healthy()) {
                return candidate;
            }
            if (unhealthy == null) {
                unhealthy = candidate;
            }
        }
        return unhealthy;
    }

    /** Every group of the config in effect with its instances (pods included, leaving ones too), for health checks and status. */
    public Map<String, List<UpstreamInstance>> all() {
        return groups();
    }

    private Map<String, List<UpstreamInstance>> groups() {
        RoutingConfig config = routing.active().map(RoutingState.Active::config).orElse(null);
        long endpoints = pods.version();
        Snapshot current = snapshot;
        if (current.config() != config || current.endpoints() != endpoints) {
            current = new Snapshot(config, endpoints, build(config));
            snapshot = current;
        }
        return current.groups();
    }

    private Map<String, List<UpstreamInstance>> build(RoutingConfig config) {
        Map<String, List<UpstreamInstance>> groups = new LinkedHashMap<>();
        if (config != null) {
            config.groups().forEach((name, members) -> {
                List<UpstreamInstance> group = new ArrayList<>();
                for (URI member : members) {
                    Optional<List<PodEndpoint>> resolved = pods.pods(member);
                    if (resolved.isEmpty()) {
                        group.add(instances.computeIfAbsent(member, UpstreamInstance::new));
                        continue;
                    }
                    String service = ServiceNames.of(member).orElseThrow();
                    for (PodEndpoint pod : resolved.get()) {
                        UpstreamInstance instance = instances.computeIfAbsent(pod.uri(), UpstreamInstance::new);
                        instance.endpoint(service, pod);
                        group.add(instance);
                    }
                }
                groups.put(name, List.copyOf(group));
            });
        }
        // Pods come and go with every rollout: forget the ones no group holds any more.
        Set<UpstreamInstance> held = new HashSet<>();
        groups.values().forEach(held::addAll);
        instances.values().retainAll(held);
        return Collections.unmodifiableMap(groups);
    }
}
