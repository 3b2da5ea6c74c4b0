package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * canary.auto and blueGreen.auto: the progressive block the gateway runs a rollout from, the state
 * ConfigMap it keeps the rollout in (which no upgrade may overwrite), the one RBAC rule that lets it
 * write there, and the values the render refuses.
 */
class AutoRolloutTest {

    private static final String STATE = Chart.RELEASE + "-rollout-state";

    @Test
    void canaryAutoRendersItsStepsAnalysisAndProbeAndNoWeight(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("auto.yaml"), """
                canary:
                  auto:
                    enabled: true
                    revision: 2.0.0-rc1
                    steps:
                      - {weight: 5, hold: 1m}
                      - {weight: 20, hold: 45s}
                      - {weight: 60, hold: manual}
                    analysis: {interval: 5s, initialDelay: 15s, minRequests: 30, maxErrorRate: 2.5, maxP99: 250ms,
                               failureLimit: 2, inconclusiveLimit: 12}
                    probe: {rate: 7, path: /api/identity}
                """);
        JsonNode canary = chart().values("values-canary.yaml").values(values.toString()).render().routing().path("canary");
        assertThat(canary.has("weight")).as("weight beside progressive (the gateway refuses both)").isFalse();
        JsonNode progressive = canary.path("progressive");
        assertThat(progressive.path("revision").asText()).isEqualTo("2.0.0-rc1");
        assertThat(progressive.path("steps").toString())
                .isEqualTo("[{\"weight\":5,\"hold\":\"1m\"},{\"weight\":20,\"hold\":\"45s\"},{\"weight\":60,\"hold\":\"manual\"}]");
        assertThat(progressive.path("analysis").toString()).isEqualTo("{\"interval\":\"5s\",\"initialDelay\":\"15s\",\"minRequests\":30,"
                + "\"maxErrorRate\":2.5,\"maxP99\":\"250ms\",\"failureLimit\":2,\"inconclusiveLimit\":12}");
        assertThat(progressive.path("probe").toString()).isEqualTo("{\"rate\":7,\"path\":\"/api/identity\"}");
        assertThat(canary.path("stable").asText()).isEqualTo("stable");
        assertThat(canary.path("canary").asText()).isEqualTo("canary");
    }

    @Test
    void blueGreenAutoJudgesThePreviewColor(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("auto.yaml"), """
                blueGreen:
                  auto:
                    enabled: true
                    prePromotion: 45s
                    autoPromotion: 15s
                    postPromotion: 2m
                    analysis: {interval: 3s, minRequests: 10, maxErrorRate: 1}
                    probe: {rate: 20}
                """);
        JsonNode bluegreen = chart().values("values-bluegreen.yaml").values(values.toString()).render().routing().path("bluegreen");
        assertThat(bluegreen.path("active").asText()).isEqualTo("blue");
        assertThat(bluegreen.path("preview").asText()).isEqualTo("green");
        JsonNode progressive = bluegreen.path("progressive");
        assertThat(progressive.path("revision").asText()).as("green's version and tag").isEqualTo("v2-2.0.0");
        assertThat(progressive.path("prePromotion").asText()).isEqualTo("45s");
        assertThat(progressive.path("autoPromotion").asText()).isEqualTo("15s");
        assertThat(progressive.path("postPromotion").asText()).isEqualTo("2m");
        assertThat(progressive.path("analysis").toString()).isEqualTo("{\"interval\":\"3s\",\"initialDelay\":\"10s\",\"minRequests\":10,"
                + "\"maxErrorRate\":1,\"maxP99\":\"500ms\",\"failureLimit\":1,\"inconclusiveLimit\":30}");
        assertThat(progressive.path("probe").toString()).isEqualTo("{\"rate\":20,\"path\":\"/api/identity\"}");
        // Flipped by hand to green, blue is the preview the rollout judges.
        assertThat(blueGreenAuto().set("blueGreen.active", "green").render().routing().at("/bluegreen/progressive/revision").asText()).isEqualTo("v1-1.0.0");
    }

    @ParameterizedTest(name = "autoPromotion {0}")
    @CsvSource({"manual", "''", "null"}) // --set key=null deletes the key
    void withoutAutoPromotionTheSwitchWaitsForPromote(String autoPromotion) {
        JsonNode progressive = blueGreenAuto().set("blueGreen.auto.autoPromotion", autoPromotion)
                .render().routing().at("/bluegreen/progressive");
        assertThat(progressive.has("prePromotion")).isTrue();
        assertThat(progressive.has("autoPromotion")).isFalse();
    }

    @Test
    void theRevisionIsTheCanarysVersionAndTagUnlessSet() {
        assertThat(revision(canaryAuto())).isEqualTo("v2-2.0.0");
        assertThat(revision(canaryAuto().set("versions.v2.tag", "2.0.1")))
                .as("a new image tag is a new rollout").isEqualTo("v2-2.0.1");
        // --set types 7 as a number; the gateway gets the text "7".
        JsonNode numbered = canaryAuto().set("canary.auto.revision", 7).render().routing().at("/canary/progressive/revision");
        assertThat(numbered.isTextual()).isTrue();
        assertThat(numbered.asText()).isEqualTo("7");
    }

    @Test
    void withAutoOffOrForAnotherStrategyThereIsNoProgressiveBlock() {
        JsonNode canary = chart().values("values-canary.yaml").render().routing().path("canary");
        assertThat(canary.has("progressive")).isFalse();
        assertThat(canary.path("weight").asInt()).isEqualTo(10);
        // Left on from an earlier lab, an auto of another strategy has no effect (as canary.weight under blue/green).
        JsonNode routing = chart().values("values-bluegreen.yaml").set("canary.auto.enabled", true).set("gateway.replicas", 2)
                .render().routing();
        assertThat(routing.toString()).doesNotContain("progressive");
        assertThat(chart().values("values-canary.yaml").set("blueGreen.auto.enabled", true).render().routing().toString())
                .doesNotContain("progressive");
    }

    @Test
    void aReleaseFromBeforeAutoExistedStillRendersWithoutIt() {
        // `helm upgrade --reuse-values` keeps the release's values as they were, without the auto blocks.
        assertThat(chart().values("values-canary.yaml").set("canary.auto", "null").render().routing().at("/canary/weight").asInt())
                .isEqualTo(10);
        assertThat(chart().values("values-bluegreen.yaml").set("blueGreen.auto", "null").render().routing().path("bluegreen").has("progressive"))
                .isFalse();
    }

    @ParameterizedTest(name = "--set {0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            canary.auto.enabeld                 | true      | at '/canary/auto': additional properties 'enabeld' not allowed
            canary.auto.steps[0].weight         | 100       | at '/canary/auto/steps/0/weight': maximum: got 100, want 99
            canary.auto.steps[0].weight         | 0         | at '/canary/auto/steps/0/weight': minimum: got 0, want 1
            canary.auto.steps[0].hold           | 30        | at '/canary/auto/steps/0/hold': got number, want string
            canary.auto.steps[0].hold           | later     | at '/canary/auto/steps/0/hold': 'later' does not match pattern
            canary.auto.steps[1].hold           | manual    | at '/canary/auto/steps/0': got null, want object
            canary.auto.analysis.interval       | 10        | at '/canary/auto/analysis/interval': got number, want string
            canary.auto.analysis.initialDelay   | 1 minute  | at '/canary/auto/analysis/initialDelay': '1 minute' does not match pattern
            canary.auto.analysis.maxP99         | 0.5s      | at '/canary/auto/analysis/maxP99': '0.5s' does not match pattern
            canary.auto.analysis.minRequests    | 0         | at '/canary/auto/analysis/minRequests': minimum: got 0, want 1
            canary.auto.analysis.maxErrorRate   | 101       | at '/canary/auto/analysis/maxErrorRate': maximum: got 101, want 100
            canary.auto.analysis.maxErrorRate   | 5%        | at '/canary/auto/analysis/maxErrorRate': '5%' does not match pattern
            canary.auto.analysis.failureLimit   | -1        | at '/canary/auto/analysis/failureLimit': minimum: got -1, want 0
            canary.auto.analysis.inconclusiveLimit | 0      | at '/canary/auto/analysis/inconclusiveLimit': minimum: got 0, want 1
            canary.auto.analysis.maxP95         | 500ms     | at '/canary/auto/analysis': additional properties 'maxP95' not allowed
            canary.auto.probe.rate              | 101       | at '/canary/auto/probe/rate': maximum: got 101, want 100
            canary.auto.probe.path              | api       | at '/canary/auto/probe/path': 'api' does not match pattern '^/'
            canary.auto.revision                | `2.0 rc`  | at '/canary/auto/revision': '2.0 rc' does not match pattern
            blueGreen.auto.prePromotion         | soon      | at '/blueGreen/auto/prePromotion': 'soon' does not match pattern
            blueGreen.auto.autoPromotion        | 10        | at '/blueGreen/auto/autoPromotion': got number, want null or string
            blueGreen.auto.postPromotion        | 1d        | at '/blueGreen/auto/postPromotion': '1d' does not match pattern
            blueGreen.auto.probe.rate           | -5        | at '/blueGreen/auto/probe/rate': minimum: got -5, want 0
            """)
    void theSchemaRefusesABadAutoValueNamingIt(String key, String value, String message) {
        assertThatThrownBy(() -> chart().values("values-canary.yaml").set(key, value).yaml())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    static Stream<Arguments> refusedCombinations() {
        return Stream.of(
                Arguments.of("two gateways", canaryAuto().set("gateway.replicas", 2),
                        "canary.auto.enabled needs gateway.replicas 1 (got 2): one gateway decides the rollout"),
                Arguments.of("two gateways, blue/green", blueGreenAuto().set("gateway.replicas", 3),
                        "blueGreen.auto.enabled needs gateway.replicas 1 (got 3)"),
                Arguments.of("replicas mode", canaryAuto().set("canary.mode", "replicas"),
                        "canary.auto.enabled needs the gateway to split the traffic, but canary.mode is replicas"),
                Arguments.of("HTTPRoute", canaryAuto().set("router.type", "httpRoute"),
                        "canary.auto.enabled needs the gateway to split the traffic, but router.type is httpRoute"),
                Arguments.of("nginx, blue/green", blueGreenAuto().set("router.type", "nginx"),
                        "blueGreen.auto.enabled needs the gateway to split the traffic, but router.type is nginx"),
                Arguments.of("weights not increasing", canaryAuto().set("canary.auto.steps[0].weight", 30).set("canary.auto.steps[0].hold", "30s")
                        .set("canary.auto.steps[1].weight", 30).set("canary.auto.steps[1].hold", "30s"),
                        "canary.auto.steps[1].weight: the weights must increase step by step (30 comes after 30)"),
                Arguments.of("interval under 1s", canaryAuto().set("canary.auto.analysis.interval", "500ms"),
                        "canary.auto.analysis.interval: at least 1s (got 500ms)"),
                Arguments.of("p99 limit 0", blueGreenAuto().set("blueGreen.auto.analysis.maxP99", "0ms"),
                        "blueGreen.auto.analysis.maxP99: at least 1ms (got 0ms)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCombinations")
    void theRenderRefusesWhatTheSchemaCannotExpressNamingTheKeys(String name, Chart chart, String message) {
        assertThatThrownBy(chart::yaml).hasMessageContaining(message);
    }

    @Test
    void moreThanOneGatewayIsFineWithoutAuto() {
        assertThat(chart().values("values-canary.yaml").set("gateway.replicas", 2).render()
                .get("Deployment", "rl-gateway").at("/spec/replicas").asInt()).isEqualTo(2);
    }

    static Stream<Arguments> everyStrategyAutoOnAndOff() {
        return Stream.of(
                Arguments.of("defaults", chart()),
                Arguments.of("canary", chart().values("values-canary.yaml")),
                Arguments.of("canary auto", canaryAuto()),
                Arguments.of("blue/green auto", blueGreenAuto()));
    }

    /** Spec test 9, first half: the gateway's Role gains exactly one rule for it, write access to its state ConfigMap by name. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStrategyAutoOnAndOff")
    void theGatewayMayReadItsRoutingAndWriteOnlyItsStateByName(String name, Chart chart) {
        Chart.Rendered r = chart.render();
        assertThat(r.get("Role", "rl-gateway").path("rules")).containsExactly(
                rule("rl-routing", "get", "list", "watch"), // what the gateway had before progressive delivery
                rule(STATE, "get", "update", "patch"),
                StrategyTest.ENDPOINT_SLICES_RULE); // routing to pods, checked in StrategyTest
        JsonNode state = r.get("ConfigMap", STATE);
        assertThat(state.has("data")).as("data in the state ConfigMap: an upgrade would overwrite the gateway's").isFalse();
        assertThat(state.has("binaryData")).isFalse();
        assertThat(state.at("/metadata/labels/app.kubernetes.io~1instance").asText()).isEqualTo(Chart.RELEASE);
        assertThat(env(r.get("Deployment", "rl-gateway").at("/spec/template/spec/containers/0"), "GATEWAY_ROLLOUT_STATE_CONFIG_MAP"))
                .isEqualTo(STATE);
    }

    @Test
    void switchingAutoOnChangesOnlyTheRoutingSoTheGatewayIsNotRestarted() {
        assertThat(Diff.changedObjects(chart().values("values-canary.yaml"),
                canaryAuto())).containsExactly("ConfigMap/rl-routing");
        assertThat(Diff.changedObjects(chart().values("values-bluegreen.yaml"),
                blueGreenAuto())).containsExactly("ConfigMap/rl-routing");
    }

    /**
     * Spec test 9, second half, as a rendered diff. The gateway keeps a rollout's progress in the state
     * ConfigMap; the routing ConfigMap's progressive block only says which rollout (its revision) and how.
     * An upgrade resets the rollout only if it changes that block (a new revision starts over) or writes the
     * state ConfigMap's data. Helm patches an object with the difference between the release's old manifest
     * and the new one (three-way, against the live object): a key neither render has, like the state's
     * {@code data}, is never in the patch, so what the gateway wrote there stays.
     */
    @Test
    void anUnrelatedUpgradeWithReuseValuesLeavesARolloutInProgressAlone() {
        // The release as installed and then moved to auto: `... -f values-canary.yaml`, `--reuse-values --set canary.auto.enabled=true`.
        Chart inProgress = canaryAuto();
        // Then `helm upgrade rl ./helm/rollout-lab --reuse-values --set ...` with keys unrelated to the rollout's plan:
        // more stable pods, a fault on the canary (what the lab does mid-rollout), a weight auto ignores, a bigger gateway.
        Chart upgraded = canaryAuto().set("canary.stable.replicas", 5).set("canary.faults.errorRate", "0.2").set("canary.weight", 50)
                .set("gateway.resources.limits.memory", "384Mi");
        assertThat(Diff.changedObjects(inProgress, upgraded)).as("the upgrade does change the release")
                .contains("Deployment/rl-sample-stable", "Deployment/rl-sample-canary", "Deployment/rl-gateway")
                .doesNotContain("ConfigMap/rl-routing", "ConfigMap/" + STATE);
        Chart.Rendered before = inProgress.render();
        Chart.Rendered after = upgraded.render();
        assertThat(Diff.changedPaths(before.routing(), after.routing())).as("routing.yaml, progressive block included").isEmpty();
        assertThat(after.get("ConfigMap", STATE)).isEqualTo(before.get("ConfigMap", STATE));
        assertThat(after.get("ConfigMap", STATE).has("data")).isFalse();

        // The control: a new canary image is a new rollout, and the diff says so, in the revision only.
        Chart newImage = canaryAuto().set("versions.v2.tag", "2.0.1");
        assertThat(Diff.changedPaths(before.routing(), newImage.render().routing())).containsExactly("/canary/progressive/revision");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            values-canary.yaml    | canary.auto.enabled    | --reuse-values --set canary.stable.version=v2 --wait
            values-bluegreen.yaml | blueGreen.auto.enabled | --reuse-values --set blueGreen.active=green --set blueGreen.auto.enabled=false
            """)
    void theNotesOfAnAutomatedRolloutSayHowToWatchAndSteerIt(String file, String auto, String afterPromoted) {
        String notes = Chart.helm().install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE).dryRun().clientOnly()
                .withValuesFile(Chart.DIR.resolve(file)).set(auto, true).call().getOutput();
        assertThat(notes).containsSubsequence("port-forward svc/rl-gateway 8080:80",
                        "./rollout-lab watch --gateway http://localhost:8080", "exits 0 Promoted, 1 Aborted, 3 Paused")
                .contains("loopback only", "./rollout-lab promote --gateway http://localhost:8080",
                        "curl -s -X POST localhost:8080/gateway/rollout/abort", "helm upgrade rl ./helm/rollout-lab " + afterPromoted)
                .doesNotContain("--set canary.weight=50");
    }

    private static Chart canaryAuto() {
        return chart().values("values-canary.yaml").set("canary.auto.enabled", true);
    }

    private static Chart blueGreenAuto() {
        return chart().values("values-bluegreen.yaml").set("blueGreen.auto.enabled", true);
    }

    private static String revision(Chart chart) {
        return chart.render().routing().at("/canary/progressive/revision").asText();
    }

    private static JsonNode rule(String configMap, String... verbs) {
        return Manifests.parse("{apiGroups: [''], resources: [configmaps], resourceNames: [" + configMap + "], verbs: ["
                + String.join(", ", verbs) + "]}").get(0);
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("env"));
    }
}
