package dev.rolloutlab.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.cli.RolloutLab;
import dev.rolloutlab.cli.commands.BlueGreenCommand;
import dev.rolloutlab.cli.commands.CanaryCommand;
import dev.rolloutlab.cli.rolling.RollingPlanner;
import dev.rolloutlab.cli.rolling.RollingStep;
import dev.rolloutlab.gateway.progressive.plan.Analysis;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Probe;
import dev.rolloutlab.gateway.progressive.plan.Step;
import dev.rolloutlab.gateway.routing.InvalidRoutingConfigException;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.RoutingConfigParser;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The contract between the CLI and the gateway: every routing file local mode can write goes
 * through the gateway's own strict parser ({@link RoutingConfigParser}) and must mean what the
 * CLI meant: the strategy, which instances get which share of the traffic, the blue/green
 * preview, and that every instance it runs is in a group. A drift in either {@link RoutingFile}
 * or the parser fails here, in seconds, not in {@code LocalModeIT}.
 *
 * <p>The states are built the way the commands build them: {@code up} (v1 and v2, the v1
 * instances as the rolling group), then {@code canary}, {@code bluegreen} or back to rolling as
 * {@code BaseCommand.switchStrategy} does, and each routing file a rolling update writes (the
 * switch to rolling, then one per step of the {@link RollingPlanner} plan, as
 * {@code RollingUpdate} applies it), with every strategy switch allowed at each of those steps.
 * Automated rollouts ({@code canary --auto}, {@code bluegreen SIDE --auto}) are built by the
 * commands' own option parsing, and the {@code Plan} the gateway reads must be the one asked for.
 */
class RoutingFileContractTest {

    private static final int GATEWAY_PORT = 8080;
    private static final List<Integer> ALL_WEIGHTS = IntStream.rangeClosed(0, 100).boxed().toList();
    private static final List<Integer> SOME_WEIGHTS = List.of(0, 10, 50, 100);

    private int checked;

    @Test
    void theCliNamesTheGatewaysStrategies() {
        assertThat(Arrays.stream(Strategy.values()).map(Strategy::key))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(dev.rolloutlab.gateway.routing.Strategy.values())
                        .map(dev.rolloutlab.gateway.routing.Strategy::key).toList());
    }

    @Test
    void upWritesRollingWithAllTrafficToTheV1Instances() {
        for (int instances = 1; instances <= 5; instances++) {
            for (int gatewayPort : List.of(8080, 18080, 65000)) {
                LocalState state = up(gatewayPort, instances);
                RoutingConfig parsed = check("up --instances " + instances + " --port " + gatewayPort, state);
                assertThat(parsed.strategy().key()).isEqualTo(Strategy.ROLLING.key());
                assertThat(parsed.groups().get(parsed.rolling().group())).isEqualTo(urls(state.instancesOf(AppVersion.V1)));
            }
        }
    }

    @Test
    void everyStrategyAndCanaryWeightAfterUp() {
        for (int instances = 1; instances <= 5; instances++) {
            String label = "up --instances " + instances;
            LocalState state = up(GATEWAY_PORT, instances);
            everyStrategy(label, state, ALL_WEIGHTS);
            // and the way back: rolling after canary and blue/green keeps their settings in their blocks
            switchTo(label + ", canary 30", state, Strategy.CANARY, s -> s.canaryWeight = 30);
            switchTo(label + ", canary 30, bluegreen green", state, Strategy.BLUEGREEN, s -> s.blueGreenActive = AppVersion.V2);
            switchTo(label + ", canary 30, bluegreen green, back to rolling", state, Strategy.ROLLING, s -> { });
        }
        assertThat(checked).isGreaterThan(5 * (ALL_WEIGHTS.size() + 3));
    }

    @Test
    void everyStepOfEveryRollingUpdateAndEveryStrategyInBetween() {
        for (int replicas = 1; replicas <= 5; replicas++) {
            for (int maxSurge = 0; maxSurge <= 2; maxSurge++) {
                for (int maxUnavailable = 0; maxUnavailable <= 2; maxUnavailable++) {
                    if (maxSurge == 0 && maxUnavailable == 0) {
                        continue;
                    }
                    LocalState state = up(GATEWAY_PORT, replicas);
                    // a rolling update started while another strategy is in effect switches to rolling first
                    switchTo("up", state, Strategy.CANARY, s -> s.canaryWeight = 10);
                    String how = replicas + " replicas, surge " + maxSurge + ", unavailable " + maxUnavailable;
                    rollingUpdate("rolling v2 (" + how + ")", state, AppVersion.V2, maxSurge, maxUnavailable);
                    rollingUpdate("rolling v2 again (" + how + ")", state, AppVersion.V2, maxSurge, maxUnavailable);
                    rollingUpdate("rolling v1 back (" + how + ")", state, AppVersion.V1, maxSurge, maxUnavailable);
                }
            }
        }
    }

    @Test
    void afterRollingV2NoV1InstanceIsLeftSoCanaryAndBlueGreenAreRefused() {
        LocalState state = up(GATEWAY_PORT, 2);
        rollingUpdate("rolling v2", state, AppVersion.V2, 1, 0);
        assertThat(state.instancesOf(AppVersion.V1)).isEmpty();
        assertThat(RoutingFile.missingFor(state, Strategy.CANARY)).contains("no v1 instance is running");
        assertThat(RoutingFile.missingFor(state, Strategy.BLUEGREEN)).contains("no v1 instance is running");
        assertThat(RoutingFile.missingFor(state, Strategy.ROLLING)).isNull();
        RoutingConfig parsed = check("rolling v2, done", state);
        assertThat(parsed.canary()).isNull();
        assertThat(parsed.bluegreen()).isNull();
    }

    /**
     * A known gap, pinned so that it cannot change unnoticed: with max-surge 0 and max-unavailable
     * at least the replicas, a rolling update's first step stops every old instance and leaves the
     * rolling group empty. The file then says {@code strategy: rolling} with no {@code rolling:}
     * block (there is no group to name), which the gateway rejects: it keeps serving the last good
     * file (the old, draining instances) until the next step names the new ones, and the command
     * warns that the gateway did not confirm the change. (A cluster has no endpoints then either.)
     */
    @Test
    void anUpdateThatEmptiesTheRollingGroupWritesAFileTheGatewayRejects() {
        LocalState state = up(GATEWAY_PORT, 1);
        List<RollingStep> plan = RollingPlanner.plan(1, 1, 0, 0, 1);
        assertThat(plan).extracting(Object::toString).startsWith("stop 1 -> 0 old + 0 new");
        state.remove(state.rollingInstances().get(0));
        String yaml = RoutingFile.render(state);
        assertThatThrownBy(() -> RoutingConfigParser.parse(yaml))
                .isInstanceOf(InvalidRoutingConfigException.class)
                .hasMessage("rolling: required when strategy is rolling");
    }

    /** The option sets the progressive tests write: defaults, every key, the edges of each range. */
    private static final List<List<String>> CANARY_OPTIONS = List.of(
            List.of(),
            List.of("--steps", "5,10,20,40,80", "--hold", "1500ms"),
            List.of("--steps", "1,2,3,4,5,6,7,8,9,99", "--hold", "2m"),
            List.of("--hold", "manual", "--steps", "50"),
            List.of("--interval", "5s", "--initial-delay", "0s", "--min-requests", "1", "--max-error-rate", "0.5%",
                    "--max-p99", "1m", "--failure-limit", "0", "--inconclusive-limit", "3", "--probe-rate", "100", "--revision", "1.10"),
            List.of("--max-error-rate", "100%", "--max-p99", "1ms", "--interval", "1s", "--revision", "7"),
            List.of("--max-error-rate", "0", "--revision", "2.0.0-rc.1+build.5"));
    private static final List<List<String>> BLUEGREEN_OPTIONS = List.of(
            List.of(),
            List.of("--auto-promotion", "manual"),
            List.of("--pre-promotion", "0s", "--auto-promotion", "1500ms", "--post-promotion", "0s", "--probe-rate", "0"),
            List.of("--pre-promotion", "2m", "--post-promotion", "90s", "--interval", "2s", "--max-error-rate", "0.01",
                    "--min-requests", "5", "--probe-rate", "20", "--revision", "green-2"));

    @Test
    void everyAutomatedCanaryAndSwitchTheCliWritesIsAPlanTheGatewayReadsAsMeant() {
        Map<List<String>, Progressive> canaries = new LinkedHashMap<>();
        CANARY_OPTIONS.forEach(options -> canaries.put(options, canaryAuto(options)));
        for (int instances = 1; instances <= 3; instances++) {
            LocalState state = up(GATEWAY_PORT, instances);
            String label = "up --instances " + instances;
            canaries.forEach((options, auto) -> switchTo(label + ", canary --auto " + String.join(" ", options), state,
                    Strategy.CANARY, s -> s.canaryProgressive = auto));
            for (AppVersion side : AppVersion.values()) {
                for (List<String> options : BLUEGREEN_OPTIONS) {
                    Progressive auto = blueGreenAuto(side, options);
                    switchTo(label + ", bluegreen " + side.color() + " --auto " + String.join(" ", options), state,
                            Strategy.BLUEGREEN, s -> {
                                s.blueGreenActive = side.other();
                                s.blueGreenProgressive = auto;
                            });
                }
            }
            // a plain command ends the automated rollout: no progressive block is left
            switchTo(label + ", canary 30 after --auto", state, Strategy.CANARY, s -> s.canaryWeight = 30);
            assertThat(RoutingFile.render(state)).doesNotContain("progressive");
        }
    }

    @Test
    void aRolloutStartedDuringARollingUpdateStillParses() {
        LocalState state = up(GATEWAY_PORT, 2);
        rollingUpdate("rolling v2", state, AppVersion.V2, 1, 0);
        rollingUpdate("rolling v1 back", state, AppVersion.V1, 1, 0);
        Progressive auto = canaryAuto(List.of("--steps", "10,50"));
        switchTo("canary --auto after two rolling updates", state, Strategy.CANARY, s -> s.canaryProgressive = auto);
    }

    /** The plan the gateway parsed is the one the CLI asked for, key by key; what the CLI left out has the gateway's default. */
    private static void assertPlan(Plan plan, Progressive meant, Kind kind, String candidate, String baseline, String where) {
        assertThat(plan).as("progressive, after: " + where).isNotNull();
        assertThat(plan.kind()).as("kind, after: " + where).isEqualTo(kind);
        assertThat(plan.revision()).as("revision, after: " + where).isEqualTo(meant.revision);
        assertThat(plan.candidate()).as("candidate, after: " + where).isEqualTo(candidate);
        assertThat(plan.baseline()).as("baseline, after: " + where).isEqualTo(baseline);
        List<Step> steps = new ArrayList<>();
        if (kind == Kind.CANARY) {
            for (int i = 0; i < meant.steps.size(); i++) {
                Progressive.Step step = meant.steps.get(i);
                boolean manual = step.hold().equals("manual");
                steps.add(new Step(step.weight(), manual ? Duration.ZERO : Durations.parse(step.hold()), manual, "step " + (i + 1)));
            }
        } else {
            Duration pre = Durations.parse(meant.prePromotion);
            boolean manual = meant.autoPromotion == null;
            steps.add(new Step(0, manual ? pre : pre.plus(Durations.parse(meant.autoPromotion)), manual, "pre-promotion"));
            steps.add(new Step(100, Durations.parse(meant.postPromotion), false, "post-promotion"));
        }
        assertThat(plan.steps()).as("steps, after: " + where).isEqualTo(steps);
        Analysis analysis = plan.analysis();
        Map<String, Object> set = meant.analysis;
        Duration interval = set.containsKey("interval") ? Durations.parse((String) set.get("interval")) : Duration.ofSeconds(10);
        assertThat(analysis).as("analysis, after: " + where).isEqualTo(new Analysis(interval,
                set.containsKey("initialDelay") ? Durations.parse((String) set.get("initialDelay")) : interval,
                (Integer) set.getOrDefault("minRequests", 20),
                ((Number) set.getOrDefault("maxErrorRate", 5.0)).doubleValue(),
                set.containsKey("maxP99") ? Durations.parse((String) set.get("maxP99")) : Duration.ofMillis(500),
                (Integer) set.getOrDefault("failureLimit", 1),
                (Integer) set.getOrDefault("inconclusiveLimit", 30)));
        assertThat(plan.probe()).as("probe, after: " + where).isEqualTo(new Probe(meant.probeRate, meant.probePath));
    }

    /** What {@code canary --auto OPTIONS} writes: the command's own option parsing and checks. */
    private static Progressive canaryAuto(List<String> options) {
        List<String> args = new ArrayList<>(List.of("canary", "--auto"));
        args.addAll(options);
        return ((CanaryCommand) parse(args)).progressive();
    }

    /** What {@code bluegreen SIDE --auto OPTIONS} writes. */
    private static Progressive blueGreenAuto(AppVersion side, List<String> options) {
        List<String> args = new ArrayList<>(List.of("bluegreen", side.color(), "--auto"));
        args.addAll(options);
        return ((BlueGreenCommand) parse(args)).progressive();
    }

    private static Object parse(List<String> args) {
        Console silent = new Console(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), false);
        CommandLine cli = new CommandLine(new RolloutLab(silent));
        return cli.parseArgs(args.toArray(String[]::new)).subcommand().commandSpec().userObject();
    }

    // --- the states, built as the commands build them ---

    /** As {@code UpCommand}: each version's instances on the next ports, the v1 ones the rolling group. */
    private LocalState up(int gatewayPort, int instances) {
        LocalState state = new LocalState();
        state.gatewayPort = gatewayPort;
        for (AppVersion version : AppVersion.values()) {
            for (int i = 0; i < instances; i++) {
                InstanceRecord instance = start(state, version);
                if (version == AppVersion.V1) {
                    state.rollingGroup.add(instance.name());
                }
            }
        }
        state.strategy = Strategy.ROLLING;
        return state;
    }

    /** Every strategy the commands can switch to from {@code state}, each checked; {@code state} is left as it was. */
    private void everyStrategy(String label, LocalState state, List<Integer> weights) {
        Strategy strategy = state.strategy;
        int weight = state.canaryWeight;
        AppVersion active = state.blueGreenActive;
        Progressive canaryAuto = state.canaryProgressive;
        Progressive blueGreenAuto = state.blueGreenProgressive;
        boolean bothVersions = !state.instancesOf(AppVersion.V1).isEmpty() && !state.instancesOf(AppVersion.V2).isEmpty();
        for (int w : weights) {
            if (bothVersions) {
                switchTo(label + ", canary " + w, state, Strategy.CANARY, s -> s.canaryWeight = w);
            } else {
                assertThat(RoutingFile.missingFor(state, Strategy.CANARY)).as(label).isNotNull();
            }
        }
        for (AppVersion side : AppVersion.values()) {
            if (bothVersions) {
                switchTo(label + ", bluegreen " + side.color(), state, Strategy.BLUEGREEN, s -> s.blueGreenActive = side);
            } else {
                assertThat(RoutingFile.missingFor(state, Strategy.BLUEGREEN)).as(label).isNotNull();
            }
        }
        switchTo(label + ", rolling", state, Strategy.ROLLING, s -> { });
        state.strategy = strategy;
        state.canaryWeight = weight;
        state.blueGreenActive = active;
        state.canaryProgressive = canaryAuto;
        state.blueGreenProgressive = blueGreenAuto;
    }

    /** As {@code BaseCommand.switchStrategy}: refused when its groups have no instances, else written. */
    private void switchTo(String label, LocalState state, Strategy strategy, Consumer<LocalState> change) {
        assertThat(RoutingFile.missingFor(state, strategy)).as(label).isNull();
        state.strategy = strategy;
        state.canaryProgressive = null;
        state.blueGreenProgressive = null;
        change.accept(state);
        check(label, state);
    }

    /**
     * As {@code RollingUpdate}: the switch to rolling, then per step of the plan the routing file
     * it writes (new instances join the rolling group once all of the step's are ready; old ones
     * leave it in the order they joined), and at each step every strategy another command could
     * switch to meanwhile.
     */
    private void rollingUpdate(String label, LocalState state, AppVersion target, int maxSurge, int maxUnavailable) {
        List<InstanceRecord> group = state.rollingInstances();
        int replicas = group.size();
        List<InstanceRecord> old = new ArrayList<>(group.stream().filter(i -> i.version() != target).toList());
        state.strategy = Strategy.ROLLING;
        check(label + ", switch to rolling", state);
        if (old.isEmpty()) {
            return;
        }
        List<RollingStep> plan = RollingPlanner.plan(replicas, old.size(), replicas - old.size(), maxSurge, maxUnavailable);
        int number = 0;
        for (RollingStep step : plan) {
            number++;
            if (step.action() == RollingStep.Action.START_NEW) {
                List<InstanceRecord> started = new ArrayList<>();
                for (int i = 0; i < step.count(); i++) {
                    started.add(start(state, target));
                }
                started.forEach(instance -> state.rollingGroup.add(instance.name()));
            } else {
                List<InstanceRecord> stopping = new ArrayList<>(old.subList(0, step.count()));
                old.removeAll(stopping);
                stopping.forEach(state::remove);
            }
            String at = label + ", step " + number + "/" + plan.size() + " (" + step + ")";
            if (state.rollingGroup.isEmpty()) {
                continue; // max-surge 0, max-unavailable >= replicas: see anUpdateThatEmptiesTheRollingGroupWritesAFileTheGatewayRejects
            }
            RoutingConfig parsed = check(at, state);
            assertThat(parsed.groups().get(parsed.rolling().group())).as(at).hasSize(step.inServiceAfter());
            everyStrategy(at, state, SOME_WEIGHTS);
        }
        assertThat(state.rollingInstances()).as(label).hasSize(replicas).allMatch(i -> i.version() == target);
    }

    /** A started instance as local mode records it: the next port after the gateway's, named for version and port. */
    private static InstanceRecord start(LocalState state, AppVersion version) {
        Set<Integer> taken = state.ports();
        int port = state.gatewayPort + 1;
        while (taken.contains(port)) {
            port++;
        }
        InstanceRecord instance = new InstanceRecord("sample-" + version.key() + "-" + port, version, port,
                new ProcessRef(0, 0));
        state.instances.add(instance);
        return instance;
    }

    // --- the check: the gateway's parser accepts the file, and it means what the CLI meant ---

    private RoutingConfig check(String label, LocalState state) {
        checked++;
        String yaml = RoutingFile.render(state);
        RoutingConfig parsed;
        try {
            parsed = RoutingConfigParser.parse(yaml);
        } catch (InvalidRoutingConfigException e) {
            return fail("the gateway rejects the routing file the CLI writes after: " + label + "\n"
                    + String.join("\n", e.problems()) + "\n--- routing.yaml ---\n" + yaml);
        }
        String where = label + "\n--- routing.yaml ---\n" + yaml;

        assertThat(parsed.strategy().key()).as("strategy, after: " + where).isEqualTo(state.strategy.key());
        boolean automated = state.strategy == Strategy.CANARY && state.canaryProgressive != null
                || state.strategy == Strategy.BLUEGREEN && state.blueGreenProgressive != null;
        if (!automated) { // with a progressive block the gateway decides the shares as the rollout moves
            assertThat(trafficByInstances(parsed)).as("who gets which share, after: " + where).isEqualTo(meant(state));
        }

        // Every block whose groups have instances is there, so a change of strategy is one line.
        List<URI> v1 = urls(state.instancesOf(AppVersion.V1));
        List<URI> v2 = urls(state.instancesOf(AppVersion.V2));
        boolean bothVersions = !v1.isEmpty() && !v2.isEmpty();
        if (state.rollingGroup.isEmpty()) {
            assertThat(parsed.rolling()).as("rolling block, after: " + where).isNull();
        } else {
            assertThat(parsed.rolling()).as("rolling block, after: " + where).isNotNull();
            assertThat(parsed.groups().get(parsed.rolling().group())).as("rolling group, after: " + where)
                    .isEqualTo(urls(state.rollingInstances()));
        }
        if (!bothVersions) {
            assertThat(parsed.canary()).as("canary block, after: " + where).isNull();
            assertThat(parsed.bluegreen()).as("bluegreen block, after: " + where).isNull();
        } else {
            RoutingConfig.Canary canary = parsed.canary();
            assertThat(canary).as("canary block, after: " + where).isNotNull();
            assertThat(parsed.groups().get(canary.stable())).as("canary stable = v1, after: " + where).isEqualTo(v1);
            assertThat(parsed.groups().get(canary.canary())).as("canary = v2, after: " + where).isEqualTo(v2);
            if (state.canaryProgressive == null) {
                assertThat(canary.weight()).as("canary weight, after: " + where).isEqualTo(state.canaryWeight);
                assertThat(canary.progressive()).as("canary.progressive, after: " + where).isNull();
            } else {
                assertPlan(canary.progressive(), state.canaryProgressive, Kind.CANARY, "v2", "v1", where);
            }
            assertThat(canary.sticky()).as("canary sticky, after: " + where).isFalse();
            assertThat(canary.fallback()).as("canary fallback, after: " + where).isFalse();
            RoutingConfig.BlueGreen bluegreen = parsed.bluegreen();
            assertThat(bluegreen).as("bluegreen block, after: " + where).isNotNull();
            assertThat(parsed.groups().get(bluegreen.active())).as("bluegreen active, after: " + where)
                    .isEqualTo(urls(state.instancesOf(state.blueGreenActive)));
            assertThat(parsed.groups().get(bluegreen.preview())).as("bluegreen preview, after: " + where)
                    .isEqualTo(urls(state.instancesOf(state.blueGreenActive.other())));
            if (state.blueGreenProgressive == null) {
                assertThat(bluegreen.progressive()).as("bluegreen.progressive, after: " + where).isNull();
            } else {
                assertPlan(bluegreen.progressive(), state.blueGreenProgressive, Kind.BLUEGREEN,
                        state.blueGreenActive.other().key(), state.blueGreenActive.key(), where);
            }
        }

        // No instance left out, none made up.
        Set<URI> routed = new HashSet<>();
        parsed.groups().values().forEach(routed::addAll);
        assertThat(routed).as("instances in the groups, after: " + where)
                .containsExactlyInAnyOrderElementsOf(urls(state.instances));
        return parsed;
    }

    /** What the CLI means by the state: the instances each share of the traffic goes to. */
    private static Map<List<URI>, Integer> meant(LocalState state) {
        Map<List<URI>, Integer> shares = new LinkedHashMap<>();
        switch (state.strategy) {
            case ROLLING -> shares.put(urls(state.rollingInstances()), 100);
            case BLUEGREEN -> {
                shares.put(urls(state.instancesOf(state.blueGreenActive)), 100);
                shares.put(urls(state.instancesOf(state.blueGreenActive.other())), 0);
            }
            case CANARY -> {
                shares.put(urls(state.instancesOf(AppVersion.V1)), 100 - state.canaryWeight);
                shares.put(urls(state.instancesOf(AppVersion.V2)), state.canaryWeight);
            }
        }
        return shares;
    }

    /** What the gateway will do with the file: the instances each share of the traffic goes to. */
    private static Map<List<URI>, Integer> trafficByInstances(RoutingConfig parsed) {
        Map<List<URI>, Integer> shares = new LinkedHashMap<>();
        parsed.configuredShares().forEach((group, share) -> shares.put(parsed.groups().get(group), share));
        return shares;
    }

    private static List<URI> urls(List<InstanceRecord> instances) {
        return instances.stream().map(i -> URI.create(i.url())).toList();
    }
}
