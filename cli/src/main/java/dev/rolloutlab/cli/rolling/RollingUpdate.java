package dev.rolloutlab.cli.rolling;

import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.local.AppLauncher;
import dev.rolloutlab.cli.local.AppVersion;
import dev.rolloutlab.cli.local.InstanceRecord;
import dev.rolloutlab.cli.local.LocalMode;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Carries out a {@link RollingPlanner} plan on local processes, as the Deployment controller
 * and kubelet would: new instances join the rolling group only once ready; an old one gets its
 * signal and leaves the group {@link #ENDPOINT_LAG} later (as a pod's endpoint is dropped a
 * moment after the kubelet sends SIGTERM), so only its graceful shutdown keeps in-flight and
 * just-routed requests alive.
 */
public final class RollingUpdate {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** How long an old instance stays in the routing after its signal (a cluster's endpoint propagation). */
    static final Duration ENDPOINT_LAG = Duration.ofMillis(250);

    private final LocalMode local;
    private final Console console;
    private final AppVersion target;
    private final int maxSurge;
    private final int maxUnavailable;
    private final boolean graceful;

    public RollingUpdate(LocalMode local, AppVersion target, int maxSurge, int maxUnavailable, boolean graceful) {
        this.local = local;
        this.console = local.console();
        this.target = target;
        this.maxSurge = maxSurge;
        this.maxUnavailable = maxUnavailable;
        this.graceful = graceful;
    }

    public void run() {
        LocalState state = local.loadRunning();
        List<InstanceRecord> group = state.rollingInstances();
        if (group.isEmpty()) {
            throw new CliException("the rolling group has no instances left; ./rollout-lab down, then ./rollout-lab up");
        }
        int replicas = group.size();
        List<InstanceRecord> old = new ArrayList<>(group.stream().filter(i -> i.version() != target).toList());
        int fresh = replicas - old.size();
        if (old.isEmpty()) {
            console.println("the rolling group already runs " + replicas + " x " + console.version(target.key())
                    + "; nothing to do");
            switchToRolling(state);
            return;
        }
        List<RollingStep> plan;
        try {
            plan = RollingPlanner.plan(replicas, old.size(), fresh, maxSurge, maxUnavailable);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        String from = old.stream().map(i -> i.version().key()).distinct().collect(Collectors.joining("+"));
        console.println(console.bold("rolling update " + from + " -> " + target.key()) + ": " + replicas
                + " replicas, max-surge " + maxSurge + ", max-unavailable " + maxUnavailable + ", "
                + (graceful ? "graceful shutdown (SIGTERM)" : console.red("no graceful shutdown (SIGKILL)"))
                + ", " + plan.size() + " steps");
        switchToRolling(state);

        int number = 0;
        for (RollingStep step : plan) {
            number++;
            long began = System.nanoTime();
            String what = step.action() == RollingStep.Action.START_NEW
                    ? startNew(state, step.count())
                    : stopOld(state, old, step.count());
            console.println(String.format("  step %d/%d  %-44s in service: %s  (%s)", number, plan.size(), what,
                    inService(state), Durations.human(Duration.ofNanos(System.nanoTime() - began))));
        }
        console.println(console.green("done") + ": the rolling group runs " + replicas + " x "
                + console.version(target.key()));
    }

    private void switchToRolling(LocalState state) {
        if (state.strategy != Strategy.ROLLING) {
            console.println("strategy: rolling (was " + state.strategy.key() + ")");
            state.strategy = Strategy.ROLLING;
        }
        local.apply(state);
    }

    private String startNew(LocalState state, int count) {
        List<InstanceRecord> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(local.startInstance(state, target)); // recorded before it is ready: `down` stops it
        }
        for (InstanceRecord instance : started) {
            try {
                local.launcher().awaitReady(instance.name(), instance.process(), instance.port(), READY_TIMEOUT);
            } catch (CliException notReady) {
                // Like a Deployment past its progress deadline: the update stops, old instances keep serving.
                started.forEach(s -> {
                    s.process().kill();
                    state.remove(s);
                });
                local.apply(state);
                throw new CliException(notReady.getMessage() + "\nrolling update stopped; the old instances keep serving");
            }
        }
        started.forEach(instance -> state.rollingGroup.add(instance.name()));
        local.apply(state);
        return "started " + names(started);
    }

    private String stopOld(LocalState state, List<InstanceRecord> old, int count) {
        List<InstanceRecord> stopping = new ArrayList<>(old.subList(0, count));
        old.removeAll(stopping);
        stopping.forEach(state::remove);
        for (InstanceRecord instance : stopping) {
            if (graceful) {
                instance.process().terminate();
            } else {
                instance.process().kill();
            }
        }
        // The gateway applies a routing change within milliseconds; kube-proxy and an ingress
        // drop an endpoint only a moment after the kubelet's signal. That moment is kept here,
        // so requests are routed to an instance already signalled, as in a cluster.
        AppLauncher.sleep(ENDPOINT_LAG.toMillis());
        String yaml = local.write(state);
        local.awaitApplied(state, yaml);
        Duration grace = state.shutdownDelay().plus(Duration.ofSeconds(15));
        int forced = LocalMode.stopAll(stopping.stream().map(InstanceRecord::process).toList(), grace);
        return (graceful ? "stopped " : "killed ") + names(stopping) + (forced > 0 ? " (" + forced + " needed SIGKILL)" : "");
    }

    private String inService(LocalState state) {
        long v1 = state.rollingInstances().stream().filter(i -> i.version() == AppVersion.V1).count();
        long v2 = state.rollingInstances().stream().filter(i -> i.version() == AppVersion.V2).count();
        return v1 + " x " + console.version("v1") + ", " + v2 + " x " + console.version("v2");
    }

    private static String names(List<InstanceRecord> instances) {
        return instances.stream().map(InstanceRecord::name).collect(Collectors.joining(", "));
    }
}
