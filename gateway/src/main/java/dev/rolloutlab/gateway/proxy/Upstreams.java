package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.config.RoutingState;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
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
@ApplicationScoped
public class Upstreams {

    private final RoutingState routing;
    private final Map<URI, Instance> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

    Upstreams(RoutingState routing) {
        this.routing = routing;
    }

    /** The next instance of {@code group} not in {@code tried}, or null when none is left. */
    public Instance pick(String group, Set<Instance> tried) {
        List<Instance> all = instancesOf(group);
        List<Instance> candidates = new ArrayList<>();
        for (Instance instance : all) {
            if (instance.healthy() && !tried.contains(instance)) {
                candidates.add(instance);
            }
        }
        if (candidates.isEmpty()) {
            all.stream().filter(i -> !tried.contains(i)).forEach(candidates::add);
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int cursor = cursors.computeIfAbsent(group, g -> new AtomicInteger()).getAndIncrement();
        return candidates.get(Math.floorMod(cursor, candidates.size()));
    }

    /** Every group of the config in effect with its instances, for health checks and status. */
    public Map<String, List<Instance>> all() {
        Map<String, List<Instance>> all = new LinkedHashMap<>();
        routing.active().ifPresent(active -> active.config().groups().keySet().forEach(g -> all.put(g, instancesOf(g))));
        return all;
    }

    private List<Instance> instancesOf(String group) {
        RoutingConfig config = routing.active().map(RoutingState.Active::config).orElse(null);
        if (config == null || !config.groups().containsKey(group)) {
            return List.of();
        }
        return config.groups().get(group).stream().map(uri -> instances.computeIfAbsent(uri, Instance::new)).toList();
    }
}
