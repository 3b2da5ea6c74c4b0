package dev.rolloutlab.cli.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What local mode runs and how traffic is routed, kept in {@code .rollout-lab/state.json} so any
 * command, from any terminal, can move the rollout on or stop everything (no orphans).
 *
 * <p>Groups follow the instances: group {@code v1} is every v1 instance, {@code v2} every v2
 * instance, and {@code sample} is the instances of the one Deployment a rolling update replaces
 * (at first the v1 instances). Public fields: this is a plain JSON document.
 */
public final class LocalState {

    public int gatewayPort;
    public ProcessRef gateway;
    /** The {@code up} process waiting in a terminal, told to exit by {@code down}; null when detached. */
    public ProcessRef supervisor;
    public List<InstanceRecord> instances = new ArrayList<>();
    /** Instance names in the rolling group, in the order they joined. */
    public List<String> rollingGroup = new ArrayList<>();
    public Strategy strategy = Strategy.ROLLING;
    public int canaryWeight;
    public AppVersion blueGreenActive = AppVersion.V1;
    /** Settings passed to every instance started later too (shutdown delay), so new ones match. */
    public Map<String, String> instanceProperties = new TreeMap<>();
    public long shutdownDelayMillis;
    /** How often the gateway checks each instance's readiness (up --health-interval), for a gateway started again. */
    public long healthIntervalMillis = 1000;
    /** Settings for one version's instances only, on top of {@link #instanceProperties}: its faults (./rollout-lab fault). */
    public Map<AppVersion, Map<String, String>> versionProperties = new TreeMap<>();
    /** The automated canary (canary --auto), or null: the canary's weight is {@link #canaryWeight}. */
    public Progressive canaryProgressive;
    /** The automated blue/green switch (bluegreen SIDE --auto), or null: {@link #blueGreenActive} is active. */
    public Progressive blueGreenProgressive;

    /** What an instance of {@code version} starts with: the settings of every instance, then that version's own. */
    public Map<String, String> propertiesFor(AppVersion version) {
        Map<String, String> properties = new TreeMap<>(instanceProperties);
        properties.putAll(versionProperties.getOrDefault(version, Map.of()));
        return properties;
    }

    public Duration healthInterval() {
        return Duration.ofMillis(healthIntervalMillis);
    }

    public Duration shutdownDelay() {
        return Duration.ofMillis(shutdownDelayMillis);
    }

    public List<InstanceRecord> instancesOf(AppVersion version) {
        return instances.stream().filter(i -> i.version() == version).toList();
    }

    public List<InstanceRecord> rollingInstances() {
        return rollingGroup.stream()
                .flatMap(name -> instances.stream().filter(i -> i.name().equals(name)))
                .toList();
    }

    /** The ports local mode's processes hold: the gateway's and every instance's. */
    public Set<Integer> ports() {
        Set<Integer> ports = new HashSet<>();
        ports.add(gatewayPort);
        instances.forEach(i -> ports.add(i.port()));
        return ports;
    }

    public void remove(InstanceRecord instance) {
        instances.removeIf(i -> i.name().equals(instance.name()));
        rollingGroup.remove(instance.name());
    }

    /** Every process local mode started, the gateway last. */
    public List<ProcessRef> processes() {
        List<ProcessRef> all = new ArrayList<>();
        instances.forEach(i -> all.add(i.process()));
        if (gateway != null) {
            all.add(gateway);
        }
        return all;
    }
}
