package dev.rolloutlab.gateway.upstream;

import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.source.RoutingState;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of each group of the config in effect, picked round-robin. Instances the health
 * checker saw down are skipped while a healthy one remains. Health survives reloads: it is kept
 * per URL, not per config.
 */
@Singleton
public class Upstreams {

    /** The instances of each group of one config, built once per config instead of per request. */
    private record Snapshot(RoutingConfig config, Map<String, List<UpstreamInstance>> groups) {
    }

    private final RoutingState routing;
    private final Map<URI, UpstreamInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(null, Map.of());

    Upstreams(RoutingState routing) {
        this.routing = routing;
    }

    /**
     * The next instance of {@code group} in round-robin order that is not in {@code tried},
     * preferring healthy ones; null when none is left.
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
            if (tried.contains(candidate)) {
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

    /** Every group of the config in effect with its instances, for health checks and status. */
    public Map<String, List<UpstreamInstance>> all() {
        return groups();
    }

    private Map<String, List<UpstreamInstance>> groups() {
        RoutingConfig config = routing.active().map(RoutingState.Active::config).orElse(null);
        Snapshot current = snapshot;
        if (current.config() != config) {
            Map<String, List<UpstreamInstance>> groups = new LinkedHashMap<>();
            if (config != null) {
                config.groups().forEach((name, uris) -> groups.put(name,
                        uris.stream().map(uri -> instances.computeIfAbsent(uri, UpstreamInstance::new)).toList()));
            }
            current = new Snapshot(config, Collections.unmodifiableMap(groups));
            snapshot = current;
        }
        return current.groups();
    }
}
