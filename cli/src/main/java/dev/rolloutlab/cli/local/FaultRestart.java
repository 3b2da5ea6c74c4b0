package dev.rolloutlab.cli.local;

import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives one version's instances new fault settings ({@code sample.fault.error-rate},
 * {@code sample.fault.latency}), as a changed ConfigMap plus a rollout restart would in a cluster:
 * one instance at a time, a new one starts with the fault, joins its groups once ready, then an
 * old one leaves the routing and stops gracefully. The version never has fewer ready instances
 * than before, so no request fails for the restart itself. The settings stay in the state, so
 * every later instance of the version starts with them.
 */
public final class FaultRestart {

    public static final String ERROR_RATE = "sample.fault.error-rate";
    public static final String LATENCY = "sample.fault.latency";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final LocalMode local;
    private final Console console;
    private final AppVersion version;

    public FaultRestart(LocalMode local, AppVersion version) {
        this.local = local;
        this.console = local.console();
        this.version = version;
    }

    /** {@code errorRate} 0..1 and {@code latency} in config form ({@code 300ms}); null leaves that setting as it is. */
    public void run(Double errorRate, String latency) {
        LocalState state = local.loadRunning();
        Map<String, String> properties = new TreeMap<>(state.versionProperties.getOrDefault(version, Map.of()));
        set(properties, ERROR_RATE, errorRate == null ? null : Double.toString(errorRate), errorRate != null && errorRate == 0);
        set(properties, LATENCY, latency, "0ms".equals(latency));
        if (properties.isEmpty()) {
            state.versionProperties.remove(version);
        } else {
            state.versionProperties.put(version, properties);
        }
        local.store().save(state);
        List<InstanceRecord> old = state.instancesOf(version);
        console.println("fault " + console.version(version.key()) + ": " + describe(properties) + "; restarting its "
                + old.size() + " instance" + (old.size() == 1 ? "" : "s") + " one at a time");
        for (InstanceRecord instance : old) {
            replace(state, instance);
        }
        console.println(console.green("done") + ": every " + console.version(version.key()) + " instance runs with "
                + describe(properties));
    }

    private void replace(LocalState state, InstanceRecord old) {
        long began = System.nanoTime();
        InstanceRecord fresh = local.startInstance(state, version); // recorded before it is ready: `down` stops it
        try {
            local.launcher().awaitReady(fresh.name(), fresh.process(), fresh.port(), READY_TIMEOUT);
        } catch (CliException notReady) {
            fresh.process().kill();
            state.remove(fresh);
            local.apply(state);
            throw new CliException(notReady.getMessage() + "\nfault stopped; " + old.name() + " and the instances not yet"
                    + " restarted keep serving");
        }
        int position = state.rollingGroup.indexOf(old.name());
        if (position >= 0) {
            state.rollingGroup.add(position + 1, fresh.name()); // takes the old one's place in a rolling group
        }
        local.apply(state); // the new one serves ...
        state.remove(old); // ... before the old one leaves
        String yaml = local.write(state);
        old.process().terminate();
        local.awaitApplied(state, yaml);
        int forced = LocalMode.stopAll(List.of(old.process()), state.shutdownDelay().plus(Duration.ofSeconds(15)));
        console.println(String.format("  %s -> %s%s  (%.1fs)", old.name(), fresh.name(), forced > 0 ? " (old needed SIGKILL)" : "",
                (System.nanoTime() - began) / 1e9));
    }

    /** Puts {@code value} under {@code key}; a value of none ({@code clear}) removes it, so the app's default applies. */
    private static void set(Map<String, String> properties, String key, String value, boolean clear) {
        if (value == null) {
            return;
        }
        if (clear) {
            properties.remove(key);
        } else {
            properties.put(key, value);
        }
    }

    static String describe(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return "no faults";
        }
        String rate = properties.get(ERROR_RATE);
        String latency = properties.get(LATENCY);
        StringBuilder text = new StringBuilder();
        if (rate != null) {
            text.append(Math.round(Double.parseDouble(rate) * 1000) / 10.0).append(" % errors");
        }
        if (latency != null) {
            text.append(text.length() > 0 ? ", " : "").append("+").append(latency).append(" latency");
        }
        return text.toString();
    }
}
