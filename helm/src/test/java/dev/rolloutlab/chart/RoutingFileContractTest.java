package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.gateway.routing.InvalidRoutingConfigException;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.RoutingConfigParser;
import dev.rolloutlab.gateway.routing.Strategy;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * replicas mode, the routers), goes through that parser, and the parsed model must say what the values say.
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
                .set("canary.weight", 25)));
        all.add(Arguments.of("canary via nginx, weight 30", chart().values("values-canary.yaml").set("router.type", "nginx")
                .set("canary.weight", 30)));
        for (String active : List.of("blue", "green")) {
            all.add(Arguments.of("blue/green active " + active, chart().values("values-bluegreen.yaml").set("blueGreen.active", active)));
            all.add(Arguments.of("blue/green via HTTPRoute, active " + active, chart().values("values-bluegreen.yaml")
                    .set("router.type", "httpRoute").set("blueGreen.active", active)));
        }
        all.add(Arguments.of("blue/green from the defaults, active green", chart().set("strategy", "blueGreen")
                .set("blueGreen.active", "green")));
        for (String strategy : List.of("recreate", "rolling")) {
            all.add(Arguments.of(strategy + " to v2", chart().values("values-" + strategy + ".yaml").set("rollout.version", "v2")));
        }
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
                yield new RoutingConfig(Strategy.BLUEGREEN, groups("blue", SAMPLE + "-blue", "green", SAMPLE + "-green"), null,
                        new RoutingConfig.BlueGreen(active, preview), null);
            }
            // Replicas mode: one Service over both Deployments, so the split is by pod count and the gateway just forwards.
            case "canary" -> values.at("/canary/mode").asText().equals("replicas") ? rolling("all", SAMPLE)
                    : new RoutingConfig(Strategy.CANARY, groups("stable", SAMPLE + "-stable", "canary", SAMPLE + "-canary"), null, null,
                            new RoutingConfig.Canary("stable", "canary", values.at("/canary/weight").asInt(),
                                    values.at("/canary/sticky").asBoolean(), values.at("/canary/fallback").asBoolean()));
            default -> throw new AssertionError("no routing expected for strategy " + values.path("strategy"));
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
