package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.gateway.progressive.plan.Analysis;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Probe;
import dev.rolloutlab.gateway.progressive.plan.Step;
import dev.rolloutlab.gateway.routing.InvalidRoutingConfigException;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.RoutingConfigParser;
import dev.rolloutlab.gateway.routing.Strategy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart writes the gateway's routing.yaml (ConfigMap rl-routing); the gateway reads it with its own strict
 * parser, which refuses any key it does not know. Here every render the chart tests make, and every routing
 * value a learner sets (each strategy, each canary weight step, sticky, fallback, either active color, the
 * replicas mode, the routers, canary.auto and blueGreen.auto) goes through that parser, and the parsed model must say
 * what the values say (for auto: the rollout Plan the gateway runs).
 * A drift between the chart's routing builder and the gateway fails here in seconds, not on a cluster.
 */
class RoutingFileContractTest {

    private static final String SAMPLE = Chart.RELEASE + "-sample";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void everyScenarioWritesARoutingFileTheGatewayReadsAsTheValuesSay(String scenario, Chart chart) {
        check(chart);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routingValues")
    void everyRoutingValueWritesARoutingFileTheGatewayReadsAsTheValuesSay(String name, Chart chart) {
        check(chart);
    }

    /** Each routing value of the chart, and the upgrades the labs and READMEs make to them. */
    static Stream<Arguments> routingValues() {
        List<Arguments> all = new ArrayList<>();
        IntStream.concat(IntStream.rangeClosed(0, 20).map(step -> step * 5), IntStream.of(1, 99)).sorted().forEach(weight ->
                all.add(Arguments.of("canary weight " + weight, chart().values("values-canary.yaml").set("canary.weight", weight))));
        for (boolean sticky : new boolean[] {false, true}) {
            for (boolean fallback : new boolean[] {false, true}) {
                all.add(Arguments.of("canary sticky " + sticky + ", fallback " + fallback, chart().values("values-canary.yaml")
                        .set("canary.weight", 30).set("canary.sticky", sticky).set("canary.fallback", fallback)));
            }
        }
        all.add(Arguments.of("canary from the defaults, sticky", chart().set("strategy", "canary").set("canary.sticky", true)));
        all.add(Arguments.of("canary promoted", chart().values("values-canary.yaml").set("canary.stable.version", "v2")
                .set("canary.weight", 0)));
        all.add(Arguments.of("canary replicas mode, weight set", chart().values("values-canary.yaml").set("canary.mode", "replicas")
                .set("canary.weight", 50).set("canary.replicas", 2)));
        all.add(Arguments.of("canary gateway mode set", chart().values("values-canary.yaml").set("canary.mode", "gateway")
                .set("canary.weight", 50)));
        all.add(Arguments.of("canary via HTTPRoute, weight 25", chart().values("values-canary.yaml").set("router.type", "httpRoute")
                .set("canary.weight", 25).onCluster(true)));
        all.add(Arguments.of("canary via nginx, weight 30", chart().values("values-canary.yaml").set("router.type", "nginx")
                .set("canary.weight", 30)));
        for (String active : List.of("blue", "green")) {
            all.add(Arguments.of("blue/green active " + active, chart().values("values-bluegreen.yaml").set("blueGreen.active", active)));
            all.add(Arguments.of("blue/green via HTTPRoute, active " + active, chart().values("values-bluegreen.yaml")
                    .set("router.type", "httpRoute").set("blueGreen.active", active).onCluster(true)));
        }
        all.add(Arguments.of("blue/green from the defaults, active green", chart().set("strategy", "blueGreen")
                .set("blueGreen.active", "green")));
        for (String strategy : List.of("recreate", "rolling")) {
            all.add(Arguments.of(strategy + " to v2", chart().values("values-" + strategy + ".yaml").set("rollout.version", "v2")));
        }
        all.add(Arguments.of("canary auto, defaults", chart().values("values-canary.yaml").set("canary.auto.enabled", true)));
        all.add(Arguments.of("canary auto, own steps and limits, manual last step", chart().values("values-canary.yaml")
                .set("canary.auto.enabled", true).set("canary.auto.revision", "2.0.0-rc1")
                .set("canary.auto.steps[0].weight", 5).set("canary.auto.steps[0].hold", "1m")
                .set("canary.auto.steps[1].weight", 50).set("canary.auto.steps[1].hold", "manual")
                .set("canary.auto.analysis.interval", "5s").set("canary.auto.analysis.initialDelay", "0s")
                .set("canary.auto.analysis.minRequests", 50).set("canary.auto.analysis.maxErrorRate", "2.5")
                .set("canary.auto.analysis.maxP99", "1500ms").set("canary.auto.analysis.failureLimit", 0)
                .set("canary.auto.analysis.inconclusiveLimit", 3).set("canary.auto.probe.rate", 10)
                .set("canary.auto.probe.path", "/api/identity?lang=ko")));
        all.add(Arguments.of("canary auto, sticky, with a fallback, numeric revision", chart().values("values-canary.yaml")
                .set("canary.auto.enabled", true).set("canary.sticky", true).set("canary.fallback", true).set("canary.auto.revision", 3)));
        all.add(Arguments.of("canary auto, a new canary tag", chart().values("values-canary.yaml").set("canary.auto.enabled", true)
                .set("versions.v2.tag", "2.0.1")));
        for (String active : List.of("blue", "green")) {
            all.add(Arguments.of("blue/green auto, active " + active, chart().values("values-bluegreen.yaml")
                    .set("blueGreen.auto.enabled", true).set("blueGreen.active", active)));
        }
        for (String manual : List.of("manual", "", "null")) {
            all.add(Arguments.of("blue/green auto, autoPromotion '" + manual + "'", chart().values("values-bluegreen.yaml")
                    .set("blueGreen.auto.enabled", true).set("blueGreen.auto.autoPromotion", manual)
                    .set("blueGreen.auto.prePromotion", "2m").set("blueGreen.auto.postPromotion", "0s").set("blueGreen.auto.probe.rate", 0)));
        }
        all.add(Arguments.of("blue/green, canary.auto left on", chart().values("values-bluegreen.yaml").set("canary.auto.enabled", true)));
        all.add(Arguments.of("canary, blueGreen.auto left on", chart().values("values-canary.yaml").set("blueGreen.auto.enabled", true)));
        all.add(Arguments.of("rolling, one replica, canary values ignored", chart().values("values-rolling.yaml")
                .set("rollout.replicas", 1).set("canary.weight", 50).set("blueGreen.active", "green")));
        return all.stream();
    }

    @Test
    void theRoutingValuesCoverEveryStrategyTheGatewayKnows() {
        Set<Strategy> covered = routingValues().map(arguments -> expected(((Chart) arguments.get()[1]).values()).strategy())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Strategy.class)));
        assertThat(covered).containsExactlyInAnyOrder(Strategy.values());
    }

    @Test
    void theValuesAreMergedAsHelmMergesThem() {
        JsonNode values = chart().values("values-canary.yaml").set("canary.weight", 50).set("canary.sticky", true)
                .set("scheduling.tolerations[0].key", "workshop")
                .set("networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "monitoring")
                .values();
        assertThat(values.path("strategy").asText()).isEqualTo("canary");
        assertThat(values.at("/canary/weight").isIntegralNumber()).isTrue();
        assertThat(values.at("/canary/weight").asInt()).isEqualTo(50);
        assertThat(values.at("/canary/sticky").isBoolean()).isTrue();
        assertThat(values.at("/canary/fallback").isBoolean()).isTrue();
        assertThat(values.at("/canary/stable/replicas").asInt()).isEqualTo(3);
        assertThat(values.at("/canary/mode").asText()).isEqualTo("gateway");
        assertThat(values.at("/scheduling/tolerations/0/key").asText()).isEqualTo("workshop");
        assertThat(values.at("/networkPolicy/metricsFrom/0/namespaceSelector/matchLabels").path("kubernetes.io/metadata.name").asText())
                .isEqualTo("monitoring");
    }

    /** Parses the render's routing.yaml as the gateway does and compares it with what the values ask for. */
    private static void check(Chart chart) {
        Chart.Rendered rendered = chart.render();
        String routingYaml = rendered.get("ConfigMap", Chart.RELEASE + "-routing").path("data").path("routing.yaml").asText();
        RoutingConfig parsed = null;
        try {
            parsed = RoutingConfigParser.parse(routingYaml);
        } catch (InvalidRoutingConfigException e) {
            fail("the gateway refuses the chart's routing.yaml (%s): %s%n---%n%s", chart, e.problems(), routingYaml);
        }
        assertThat(parsed).as("routing.yaml of %s:%n%s", chart, routingYaml).isEqualTo(expected(chart.values()));
        // Each group's URL is a Service of the same render, on a port it serves.
        parsed.groups().values().stream().flatMap(List::stream).forEach(url ->
                assertThat(rendered.get("Service", url.getHost()).at("/spec/ports").findValues("port"))
                        .as("ports of Service %s, which routing.yaml sends to as %s", url.getHost(), url)
                        .extracting(JsonNode::asInt).contains(url.getPort()));
    }

    /** The routing the gateway should apply for these chart values, stated on its own (not read from the templates). */
    static RoutingConfig expected(JsonNode values) {
        return switch (values.path("strategy").asText()) {
            // One Service over the sample pods, which Kubernetes replaces.
            case "recreate", "rolling" -> rolling("sample", SAMPLE);
            case "blueGreen" -> {
                String active = values.at("/blueGreen/active").asText();
                String preview = active.equals("blue") ? "green" : "blue";
                Plan plan = values.at("/blueGreen/auto/enabled").asBoolean() ? blueGreenPlan(values, active, preview) : null;
                yield new RoutingConfig(Strategy.BLUEGREEN, groups("blue", SAMPLE + "-blue", "green", SAMPLE + "-green"), null,
                        new RoutingConfig.BlueGreen(active, preview, plan), null);
            }
            // Replicas mode: one Service over both Deployments, so the split is by pod count and the gateway just forwards.
            case "canary" -> {
                if (values.at("/canary/mode").asText().equals("replicas")) {
                    yield rolling("all", SAMPLE);
                }
                // With a plan the weight is the rollout's: the routing file has none, the model 0.
                Plan plan = values.at("/canary/auto/enabled").asBoolean() ? canaryPlan(values) : null;
                yield new RoutingConfig(Strategy.CANARY, groups("stable", SAMPLE + "-stable", "canary", SAMPLE + "-canary"), null, null,
                        new RoutingConfig.Canary("stable", "canary", plan == null ? values.at("/canary/weight").asInt() : 0,
                                values.at("/canary/sticky").asBoolean(), values.at("/canary/fallback").asBoolean(), plan));
            }
            default -> throw new AssertionError("no routing expected for strategy " + values.path("strategy"));
        };
    }

    /** canary.auto as the gateway's Plan: the steps as set ("manual": a zero hold that waits for promote), candidate canary. */
    private static Plan canaryPlan(JsonNode values) {
        JsonNode auto = values.at("/canary/auto");
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : auto.path("steps")) {
            String hold = step.path("hold").asText();
            boolean manual = hold.equals("manual");
            steps.add(new Step(step.path("weight").asInt(), manual ? Duration.ZERO : duration(hold), manual, "step " + (steps.size() + 1)));
        }
        return new Plan(Kind.CANARY, revision(values, auto, values.at("/canary/version").asText()), "canary", "stable", steps,
                analysis(auto), probe(auto));
    }

    /** blueGreen.auto as the gateway's Plan: before the switch (weight 0), then after it (weight 100), candidate the preview. */
    private static Plan blueGreenPlan(JsonNode values, String active, String preview) {
        JsonNode auto = values.at("/blueGreen/auto");
        String autoPromotion = auto.path("autoPromotion").asText("");
        boolean manual = autoPromotion.isEmpty() || autoPromotion.equals("manual");
        Duration pre = duration(auto.path("prePromotion").asText());
        List<Step> steps = List.of(
                new Step(0, manual ? pre : pre.plus(duration(autoPromotion)), manual, "pre-promotion"),
                new Step(100, duration(auto.path("postPromotion").asText()), false, "post-promotion"));
        return new Plan(Kind.BLUEGREEN, revision(values, auto, values.at("/blueGreen/" + preview + "/version").asText()), preview, active,
                steps, analysis(auto), probe(auto));
    }

    /** auto.revision, or the rolled-out version's name and image tag. */
    private static String revision(JsonNode values, JsonNode auto, String version) {
        String revision = auto.path("revision").asText("");
        return revision.isEmpty() ? version + "-" + values.at("/versions/" + version + "/tag").asText() : revision;
    }

    private static Analysis analysis(JsonNode auto) {
        JsonNode a = auto.path("analysis");
        return new Analysis(duration(a.path("interval").asText()), duration(a.path("initialDelay").asText()), a.path("minRequests").asInt(),
                a.path("maxErrorRate").asDouble(), duration(a.path("maxP99").asText()), a.path("failureLimit").asInt(),
                a.path("inconclusiveLimit").asInt());
    }

    private static Probe probe(JsonNode auto) {
        return new Probe(auto.at("/probe/rate").asInt(), auto.at("/probe/path").asText());
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new AssertionError("not a duration: " + text);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static RoutingConfig rolling(String group, String service) {
        return new RoutingConfig(Strategy.ROLLING, groups(group, service), new RoutingConfig.Rolling(group), null, null);
    }

    /** Group name, Service name, ...: each group is the one Service's port 80. */
    private static Map<String, List<URI>> groups(String... groupAndService) {
        Map<String, List<URI>> groups = new LinkedHashMap<>();
        for (int i = 0; i < groupAndService.length; i += 2) {
            groups.put(groupAndService[i], List.of(URI.create("http://" + groupAndService[i + 1] + ":80")));
        }
        return groups;
    }
}
