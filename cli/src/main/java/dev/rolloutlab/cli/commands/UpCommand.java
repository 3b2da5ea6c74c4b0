package dev.rolloutlab.cli.commands;

import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.local.AppVersion;
import dev.rolloutlab.cli.local.InstanceRecord;
import dev.rolloutlab.cli.local.LocalMode;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.Ports;
import dev.rolloutlab.cli.local.ProcessRef;
import dev.rolloutlab.cli.local.StateStore;
import dev.rolloutlab.cli.local.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", description = {"Start v1 and v2 (two instances each) and the gateway on localhost.",
        "Writes the routing file and waits until all are ready. Ctrl-C (or ./rollout-lab down from another terminal)",
        "stops everything. When local mode runs but its gateway is gone (crashed, killed), starts just the gateway",
        "again: it resumes its automated rollout."})
public final class UpCommand extends BaseCommand implements Callable<Integer> {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "the gateway's port; instances take the next free ports (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "2", description = "instances per version, 1 to 5 (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--shutdown-delay", paramLabel = "DURATION", defaultValue = "2s", description = "how long a stopping instance keeps serving after SIGTERM (default: ${DEFAULT-VALUE})")
    String shutdownDelayText;

    @Option(names = "--health-interval", paramLabel = "DURATION", defaultValue = "1s", description = "how often the gateway checks each instance's readiness (default: ${DEFAULT-VALUE})")
    String healthIntervalText;

    @Option(names = "--detach", description = "return once everything is ready, leaving it running (stop it with ./rollout-lab down)")
    boolean detach;

    @Override
    public Integer call() {
        check(() -> Arguments.port(port));
        check(() -> Arguments.count("--instances", instances, 1, 5));
        Duration shutdownDelay = check(() -> Arguments.duration("--shutdown-delay", shutdownDelayText, Duration.ZERO, Duration.ofSeconds(30)));
        Duration healthInterval = check(() -> Arguments.duration("--health-interval", healthIntervalText, Duration.ofMillis(100), Duration.ofSeconds(10)));

        LocalMode local = root.local();
        StateStore store = local.store();
        local.launcher().requireJars();
        Optional<LocalState> running = store.load();
        if (running.isPresent() && onlyTheGatewayIsGone(running.get())) {
            return restartGateway(local, running.get());
        }
        refuseWhenRunning(store);
        deleteQuietly(store.rolloutStateFile()); // a fresh local mode starts without the last one's rollout
        if (!Ports.isFree(port)) {
            throw new CliException("port " + port + " is busy: another program listens there (an earlier ./rollout-lab up? "
                    + "then ./rollout-lab down), or choose another port with --port");
        }

        LocalState state = new LocalState();
        state.gatewayPort = port;
        state.shutdownDelayMillis = shutdownDelay.toMillis();
        state.healthIntervalMillis = healthInterval.toMillis();
        state.instanceProperties.put("quarkus.shutdown.delay", Durations.toConfig(shutdownDelay));
        if (!detach) {
            state.supervisor = ProcessRef.of(ProcessHandle.current());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnExit(store, console()), "rollout-lab-stop"));
        }
        store.save(state);

        local.launcher().prepareClassArchives(console()::println);
        console().println("starting " + instances + " x v1, " + instances + " x v2 and the gateway ...");
        long began = System.nanoTime();
        try {
            startAll(local, state, healthInterval);
        } catch (RuntimeException e) {
            LocalMode.stopAll(state.processes(), STOP_TIMEOUT);
            store.delete();
            throw e;
        }
        printWelcome(state, store.dir(), Duration.ofNanos(System.nanoTime() - began));
        if (detach) {
            return 0;
        }
        console().println(console().dim("Ctrl-C stops everything."));
        superviseUntilStopped(store, state);
        return 0;
    }

    /** The gateway crashed or was killed while the instances run on: `up` starts just the gateway again. */
    private static boolean onlyTheGatewayIsGone(LocalState state) {
        return (state.gateway == null || !state.gateway.alive()) && state.instances.stream().anyMatch(i -> i.process().alive());
    }

    /**
     * Starts the gateway again on its port with the routing of the instances still running, as a
     * kubelet restarts a crashed container: it reads its rollout's state from rollout-state.json
     * and resumes the rollout where it was (same step, failures kept).
     */
    private int restartGateway(LocalMode local, LocalState state) {
        for (InstanceRecord instance : List.copyOf(state.instances)) {
            if (!instance.process().alive()) {
                state.remove(instance);
            }
        }
        if (!Ports.isFree(state.gatewayPort)) {
            throw new CliException("the gateway of local mode is not running, but port " + state.gatewayPort
                    + " is busy: stop what listens there, or ./rollout-lab down and up again");
        }
        console().println("local mode runs, but its gateway does not: starting it again on :" + state.gatewayPort
                + " (it resumes its rollout from " + local.store().rolloutStateFile().getFileName() + ")");
        long began = System.nanoTime();
        String yaml = local.write(state);
        state.gateway = local.launcher().startGateway(state.gatewayPort, state.healthInterval());
        local.store().save(state);
        local.launcher().awaitReady("gateway", state.gateway, state.gatewayPort, READY_TIMEOUT);
        local.awaitApplied(state, yaml);
        console().println(console().green("ready") + " in " + Durations.human(Duration.ofNanos(System.nanoTime() - began))
                + ": the gateway (pid " + state.gateway.pid() + ") on http://localhost:" + state.gatewayPort + "/");
        return 0;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the gateway would only resume an old rollout; not worth failing `up`
        }
    }

    private void refuseWhenRunning(StateStore store) {
        Optional<LocalState> existing = store.load();
        if (existing.isEmpty()) {
            return;
        }
        List<ProcessRef> alive = existing.get().processes().stream().filter(ProcessRef::alive).toList();
        if (!alive.isEmpty()) {
            throw new CliException("local mode already runs (gateway on port " + existing.get().gatewayPort + ", "
                    + alive.size() + " processes): see ./rollout-lab status, or stop it with ./rollout-lab down");
        }
        store.delete(); // left over from a run that was killed: nothing of it runs any more
    }

    private void startAll(LocalMode local, LocalState state, Duration healthInterval) {
        for (AppVersion version : AppVersion.values()) {
            for (int i = 0; i < instances; i++) {
                InstanceRecord instance = local.startInstance(state, version);
                if (version == AppVersion.V1) {
                    state.rollingGroup.add(instance.name()); // the v1 instances are the Deployment a rolling update replaces
                }
            }
        }
        state.strategy = Strategy.ROLLING;
        String yaml = local.write(state); // before the gateway starts, so it serves the right config from the first request
        state.gateway = local.launcher().startGateway(port, healthInterval);
        local.store().save(state);
        for (InstanceRecord instance : state.instances) {
            local.launcher().awaitReady(instance.name(), instance.process(), instance.port(), READY_TIMEOUT);
        }
        local.launcher().awaitReady("gateway", state.gateway, port, READY_TIMEOUT);
        local.awaitApplied(state, yaml);
    }

    private void printWelcome(LocalState state, Path dir, Duration took) {
        Console c = console();
        String cwd = Path.of("").toAbsolutePath().toString();
        String shownDir = dir.startsWith(cwd) ? Path.of(cwd).relativize(dir).toString() : dir.toString();
        c.println(c.green("ready") + " in " + Durations.human(took) + ":");
        c.println("  UI        " + c.bold("http://localhost:" + port + "/") + c.dim("   (routing: /gateway/status)"));
        for (AppVersion version : AppVersion.values()) {
            c.println("  " + c.version(version.key()) + "        " + state.instancesOf(version).stream()
                    .map(i -> i.name() + " :" + i.port()).collect(Collectors.joining(", ")));
        }
        c.println("  routing   " + shownDir + "/routing.yaml: strategy rolling, all traffic to v1");
        c.println("  logs      " + shownDir + "/logs/");
        String urlOption = port == 8080 ? "" : " --url http://localhost:" + port + "/api/identity";
        String prefix = "./rollout-lab ";
        c.println("");
        c.println("next, in another terminal:");
        c.println(hint(prefix + "load --rate 20 --duration 60s" + urlOption, "watch which version answers, live"));
        c.println(hint(prefix + "canary 10", "10% to v2; then canary 50, canary 100 (0 aborts)"));
        c.println(hint(prefix + "bluegreen green", "flip all traffic to v2; bluegreen blue flips back"));
        c.println(hint(prefix + "preview", "ask the inactive side through /preview/api"));
        c.println(hint(prefix + "rolling v2 --max-surge 1 --max-unavailable 0", "replace v1's instances one by one"));
        c.println(hint(prefix + "status", "processes, readiness and the routing in effect"));
        c.println(hint(prefix + "down", "stop everything"));
    }

    private String hint(String command, String what) {
        return String.format("  %-58s %s", command, console().dim(what));
    }

    /** Waits while local mode runs; returns once `down` (or a crash) has stopped the gateway. */
    private void superviseUntilStopped(StateStore store, LocalState state) {
        while (state.gateway.alive() && store.load().isPresent()) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        console().println("the gateway has stopped; stopping the rest");
    }

    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    /** Ctrl-C: stop every process recorded (including instances a rolling update started from elsewhere). */
    private static void stopOnExit(StateStore store, Console console) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        Optional<LocalState> state;
        try {
            state = store.load();
        } catch (RuntimeException e) {
            return;
        }
        if (state.isEmpty()) {
            return;
        }
        List<ProcessRef> running = state.get().processes().stream().filter(ProcessRef::alive).toList();
        if (!running.isEmpty()) {
            console.println("\nstopping " + running.size() + " processes (graceful, up to " + STOP_TIMEOUT.toSeconds() + " s) ...");
            int killed = LocalMode.stopAll(running, STOP_TIMEOUT);
            console.println("stopped" + (killed > 0 ? " (" + killed + " needed SIGKILL)" : ""));
        }
        store.delete();
    }
}
