package dev.rolloutlab.cli.local;

import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What every local-mode command shares: the state, the launcher, applying a routing change, stopping. */
public final class LocalMode {

    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(5);

    private final StateStore store;
    private final AppLauncher launcher;
    private final Console console;

    public LocalMode(Path home, Path stateDir, Console console) {
        this.store = new StateStore(stateDir);
        this.launcher = new AppLauncher(home, store);
        this.console = console;
    }

    public StateStore store() {
        return store;
    }

    public AppLauncher launcher() {
        return launcher;
    }

    public Console console() {
        return console;
    }

    /**
     * Starts one instance of {@code version}, the one way local mode does it: on the first free
     * port after the gateway's that no recorded process holds, named {@code sample-VERSION-PORT},
     * with the settings every instance of that version gets ({@link LocalState#propertiesFor}). It is
     * recorded in the state and the state saved at once, so {@code down} stops it even if this
     * command is interrupted; it is in no routing group yet, and not yet ready
     * ({@link AppLauncher#awaitReady}).
     */
    public InstanceRecord startInstance(LocalState state, AppVersion version) {
        int port = Ports.nextFree(state.gatewayPort + 1, state.ports());
        InstanceRecord instance = launcher.startInstance("sample-" + version.key() + "-" + port, version, port,
                state.propertiesFor(version));
        state.instances.add(instance);
        store.save(state);
        return instance;
    }

    /**
     * The state with instances that died on their own (a crash, a kill -9) dropped, so the
     * routing written next no longer lists them.
     */
    public LocalState loadRunning() {
        LocalState state = store.require();
        if (state.gateway == null || !state.gateway.alive()) {
            throw new CliException("the gateway of local mode is not running: ./rollout-lab down, then ./rollout-lab up");
        }
        for (InstanceRecord instance : new ArrayList<>(state.instances)) {
            if (!instance.process().alive()) {
                console.warn(instance.name() + " (pid " + instance.process().pid() + ") is gone; dropping it from the routing");
                state.remove(instance);
            }
        }
        return state;
    }

    /** Saves the state, writes the routing file and waits until the gateway has it in effect. */
    public String apply(LocalState state) {
        String yaml = write(state);
        awaitApplied(state, yaml);
        return yaml;
    }

    /** Saves the state and writes the routing file, without waiting for the gateway. */
    public String write(LocalState state) {
        store.save(state);
        String yaml = RoutingFile.render(state);
        store.writeRouting(yaml);
        return yaml;
    }

    public void awaitApplied(LocalState state, String yaml) {
        if (!GatewayClient.local(state.gatewayPort).awaitApplied(yaml, APPLY_TIMEOUT)) {
            console.warn("the gateway did not confirm the new routing within " + APPLY_TIMEOUT.toSeconds()
                    + " s; check ./rollout-lab status");
        }
    }

    /**
     * Stops every recorded process: SIGTERM to all at once, then SIGKILL to whatever is still
     * running after {@code timeout}. Returns how many needed SIGKILL.
     */
    public static int stopAll(List<ProcessRef> processes, Duration timeout) {
        processes.forEach(ProcessRef::terminate);
        long deadline = System.nanoTime() + timeout.toNanos();
        int killed = 0;
        for (ProcessRef process : processes) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!process.awaitExit(left)) {
                process.kill();
                process.awaitExit(Duration.ofSeconds(5));
                killed++;
            }
        }
        return killed;
    }
}
