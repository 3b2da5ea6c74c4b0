package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.ManifestChecks;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each strategy renders, and what moving each rollout on changes (by diffing two renders). */
class StrategyTest {

    private static final String TRACK = "rollout-lab.dev/track";
    /** What routing to pods adds to the gateway's Role: list and watch of EndpointSlices, nothing else. */
    static final JsonNode ENDPOINT_SLICES_RULE = Manifests.parse(
            "{apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [list, watch]}").get(0);

    @Test
    void rollingIsOneDeploymentBehindOneServiceAndTheGatewayRoutesToIt() {
        Chart.Rendered r = chart().values("values-rolling.yaml").render();
        assertThat(r.all("Deployment")).extracting(Manifests::id).containsExactlyInAnyOrder("Deployment/rl-sample", "Deployment/rl-gateway");
        JsonNode sample = r.get("Deployment", "rl-sample").path("spec");
        assertThat(sample.path("strategy").path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(sample.path("strategy").path("rollingUpdate").path("maxSurge").asInt()).isEqualTo(1);
        assertThat(sample.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
        assertThat(sample.path("minReadySeconds").asInt()).isEqualTo(10);
        assertThat(sample.path("progressDeadlineSeconds").asInt()).isEqualTo(180);
        assertThat(r.routing().path("strategy").asText()).isEqualTo("rolling");
        assertThat(r.routing().path("groups").path("sample").get(0).asText()).isEqualTo("http://rl-sample:80");
        assertThat(r.routing().path("rolling").path("group").asText()).isEqualTo("sample");
    }

    @Test
    void recreateStopsAllOldPodsFirst() {
        JsonNode strategy = chart().values("values-recreate.yaml").render().get("Deployment", "rl-sample").path("spec").path("strategy");
        assertThat(strategy.path("type").asText()).isEqualTo("Recreate");
        assertThat(strategy.has("rollingUpdate")).isFalse();
    }

    @Test
    void aRollingVersionChangeChangesTheImageOfOneDeploymentOnly() {
        Chart v1 = chart().values("values-rolling.yaml");
        Chart v2 = chart().values("values-rolling.yaml").set("rollout.version", "v2");
        // The track's ConfigMap carries the version's greeting and color; nothing else changes.
        assertThat(Diff.changedObjects(v1, v2)).containsExactly("ConfigMap/rl-sample", "Deployment/rl-sample");
        JsonNode before = v1.render().get("Deployment", "rl-sample");
        JsonNode after = v2.render().get("Deployment", "rl-sample");
        assertThat(Diff.changedPaths(before, after)).containsExactlyInAnyOrder(
                "/metadata/labels/app.kubernetes.io/version",
                "/spec/template/metadata/labels/app.kubernetes.io/version",
                "/spec/template/metadata/labels/version",
                "/spec/template/metadata/annotations/checksum/config",
                "/spec/template/spec/containers/0/image");
        assertThat(after.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("rollout-lab/sample:2.0.0");
        assertThat(after.at("/spec/selector")).isEqualTo(before.at("/spec/selector"));
    }

    @Test
    void blueGreenRunsBothColorsAndRoutesToTheActiveOne() {
        Chart.Rendered r = chart().values("values-bluegreen.yaml").render();
        assertThat(image(r, "rl-sample-blue")).isEqualTo("rollout-lab/sample:1.0.0");
        assertThat(image(r, "rl-sample-green")).isEqualTo("rollout-lab/sample:2.0.0");
        assertThat(selector(r, "rl-sample-active")).containsEntry(TRACK, "blue");
        assertThat(selector(r, "rl-sample-preview")).containsEntry(TRACK, "green");
        assertThat(selector(r, "rl-sample-blue")).containsEntry(TRACK, "blue");
        JsonNode routing = r.routing();
        assertThat(routing.path("strategy").asText()).isEqualTo("bluegreen");
        assertThat(routing.path("groups").path("blue").get(0).asText()).isEqualTo("http://rl-sample-blue:80");
        assertThat(routing.path("groups").path("green").get(0).asText()).isEqualTo("http://rl-sample-green:80");
        assertThat(routing.path("bluegreen").path("active").asText()).isEqualTo("blue");
        assertThat(routing.path("bluegreen").path("preview").asText()).isEqualTo("green");
    }

    @Test
    void flippingBlueGreenChangesTheServicesAndTheGatewayConfigMapOnly() {
        Chart blue = chart().values("values-bluegreen.yaml");
        Chart green = chart().values("values-bluegreen.yaml").set("blueGreen.active", "green");
        assertThat(Diff.changedObjects(blue, green))
                .containsExactly("ConfigMap/rl-routing", "Service/rl-sample-active", "Service/rl-sample-preview");
        Chart.Rendered r = green.render();
        assertThat(selector(r, "rl-sample-active")).containsEntry(TRACK, "green");
        assertThat(selector(r, "rl-sample-preview")).containsEntry(TRACK, "blue");
        assertThat(r.routing().path("bluegreen").path("active").asText()).isEqualTo("green");
        assertThat(r.routing().path("bluegreen").path("preview").asText()).isEqualTo("blue");
    }

    @Test
    void canaryRunsStableAndCanaryAndTheGatewaySplitsByWeight() {
        Chart.Rendered r = chart().values("values-canary.yaml").render();
        assertThat(r.get("Deployment", "rl-sample-stable").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(r.get("Deployment", "rl-sample-canary").path("spec").path("replicas").asInt()).isEqualTo(1);
        JsonNode routing = r.routing();
        assertThat(routing.path("strategy").asText()).isEqualTo("canary");
        assertThat(routing.path("groups").path("stable").get(0).asText()).isEqualTo("http://rl-sample-stable:80");
        assertThat(routing.path("groups").path("canary").get(0).asText()).isEqualTo("http://rl-sample-canary:80");
        assertThat(routing.path("canary").path("weight").asInt()).isEqualTo(10);
        assertThat(routing.path("canary").path("stable").asText()).isEqualTo("stable");
        assertThat(routing.path("canary").path("sticky").isBoolean()).isTrue();
        assertThat(routing.path("canary").path("fallback").isBoolean()).isTrue();
    }

    @Test
    void changingTheCanaryWeightChangesTheGatewayConfigMapOnly() {
        Chart ten = chart().values("values-canary.yaml");
        Chart fifty = chart().values("values-canary.yaml").set("canary.weight", 50);
        assertThat(Diff.changedObjects(ten, fifty)).containsExactly("ConfigMap/rl-routing");
        assertThat(fifty.render().routing().path("canary").path("weight").asInt()).isEqualTo(50);
    }

    @Test
    void aBadCanaryIsOneSetAndRestartsOnlyTheCanary() {
        Chart good = chart().values("values-canary.yaml");
        Chart bad = chart().values("values-canary.yaml").set("canary.faults.errorRate", "0.3");
        assertThat(Diff.changedObjects(good, bad)).containsExactly("ConfigMap/rl-sample-canary", "Deployment/rl-sample-canary");
        Chart.Rendered r = bad.render();
        assertThat(r.get("ConfigMap", "rl-sample-canary").path("data").path("application.properties").asText())
                .contains("sample.fault.error-rate=0.3");
        assertThat(Diff.changedPaths(good.render().get("Deployment", "rl-sample-canary"), r.get("Deployment", "rl-sample-canary")))
                .containsExactly("/spec/template/metadata/annotations/checksum/config");
    }

    @Test
    void canaryReplicasModePutsBothDeploymentsBehindOneService() {
        Chart.Rendered r = chart().values("values-canary.yaml").set("canary.mode", "replicas").render();
        Map<String, String> shared = selector(r, "rl-sample");
        assertThat(shared).doesNotContainKey(TRACK);
        List<String> selected = PodTemplate.all(r.documents()).stream()
                .filter(p -> p.labels().entrySet().containsAll(shared.entrySet()))
                .map(p -> p.owner().path("metadata").path("name").asText()).toList();
        assertThat(selected).containsExactlyInAnyOrder("rl-sample-stable", "rl-sample-canary");
        assertThat(r.routing().path("strategy").asText()).isEqualTo("rolling");
        assertThat(r.routing().path("groups").path("all").get(0).asText()).isEqualTo("http://rl-sample:80");
        assertThat(ManifestChecks.problems(r.documents())).isEmpty();
    }

    @Test
    void httpRouteSplitsByBackendWeights() {
        Chart.Rendered r = chart().values("values-canary.yaml").set("router.type", "httpRoute").onCluster(true).set("canary.weight", 25).render();
        JsonNode backends = r.get("HTTPRoute", "rl-sample").at("/spec/rules/0/backendRefs");
        assertThat(backends.findValuesAsText("name")).containsExactly("rl-sample-stable", "rl-sample-canary");
        assertThat(backends.get(0).path("weight").asInt()).isEqualTo(75);
        assertThat(backends.get(1).path("weight").asInt()).isEqualTo(25);
        JsonNode blueGreen = chart().values("values-bluegreen.yaml").set("router.type", "httpRoute").onCluster(true).set("blueGreen.active", "green")
                .render().get("HTTPRoute", "rl-sample").at("/spec/rules/0/backendRefs");
        assertThat(blueGreen.get(0).path("weight").asInt()).isZero();
        assertThat(blueGreen.get(1).path("weight").asInt()).isEqualTo(100);
    }

    @Test
    void nginxCanaryIsASecondIngressWithCanaryAnnotations() {
        Chart.Rendered r = chart().values("values-canary.yaml").set("router.type", "nginx").set("canary.weight", 30).render();
        JsonNode main = r.get("Ingress", "rl-sample");
        JsonNode canary = r.get("Ingress", "rl-sample-canary");
        assertThat(main.path("metadata").path("annotations").has("nginx.ingress.kubernetes.io/canary")).isFalse();
        assertThat(main.at("/spec/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo("rl-sample-stable");
        assertThat(canary.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/canary").asText()).isEqualTo("true");
        assertThat(canary.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/canary-weight").asText()).isEqualTo("30");
        assertThat(canary.at("/spec/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo("rl-sample-canary");
        assertThat(canary.at("/spec/rules/0/host")).isEqualTo(main.at("/spec/rules/0/host"));
    }

    @Test
    void theGatewayWatchesItsConfigMapAndMayReadOnlyThat() {
        Chart.Rendered r = chart().render();
        JsonNode pod = r.get("Deployment", "rl-gateway").at("/spec/template");
        JsonNode container = pod.at("/spec/containers/0");
        assertThat(env(container, "GATEWAY_ROUTING_CONFIG_MAP")).isEqualTo("rl-routing");
        assertThat(env(container, "GATEWAY_ROUTING_FILE")).isEqualTo("/etc/rollout-lab/routing.yaml");
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains("/etc/rollout-lab");
        // No checksum of the routing: a weight change must not restart the gateway (its stats and UI history stay).
        assertThat(pod.path("metadata").path("annotations").toString()).doesNotContain("checksum");
        assertThat(pod.at("/spec/serviceAccountName").asText()).isEqualTo("rl-gateway");
        JsonNode rules = r.get("Role", "rl-gateway").path("rules");
        // Reads only its routing ConfigMap; the second rule, on the rollout state, is checked in AutoRolloutTest,
        // the third, on EndpointSlices, below.
        assertThat(rules).hasSize(3);
        assertThat(rules.get(0).path("resources").get(0).asText()).isEqualTo("configmaps");
        assertThat(rules.get(0).path("resourceNames")).hasSize(1);
        assertThat(rules.get(0).path("resourceNames").get(0).asText()).isEqualTo("rl-routing");
        assertThat(rules.get(0).path("verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
        JsonNode binding = r.get("RoleBinding", "rl-gateway");
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("rl-gateway");
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Chart.NAMESPACE);
    }

    @Test
    void theGatewayRoutesToPodsThroughEndpointSlicesReadOnly() {
        for (String values : List.of("values-rolling.yaml", "values-bluegreen.yaml", "values-canary.yaml")) {
            Chart.Rendered r = chart().values(values).render();
            assertThat(r.get("Role", "rl-gateway").path("rules")).as(values).contains(ENDPOINT_SLICES_RULE);
            assertThat(env(r, "GATEWAY_UPSTREAM_ENDPOINT_SLICES")).as(values).isEqualTo("true");
            // Each group member names a Service of the release's namespace: what the gateway resolves to its pods.
            r.routing().path("groups").forEach(group -> group.forEach(member ->
                    assertThat(member.asText()).as(values).matches("http://[a-z]([-a-z0-9]*[a-z0-9])?:80")));
        }
        Chart.Rendered off = chart().set("gateway.routeToPods", "false").render();
        assertThat(off.get("Role", "rl-gateway").path("rules")).doesNotContain(ENDPOINT_SLICES_RULE).hasSize(2);
        assertThat(env(off, "GATEWAY_UPSTREAM_ENDPOINT_SLICES")).isEqualTo("false");
    }

    /**
     * Routing to pods, the gateway connects to pod IPs on the port the EndpointSlices list: the
     * Services' target port. The NetworkPolicy must admit the gateway on exactly that container port.
     */
    @Test
    void theNetworkPolicyAdmitsTheGatewayOnThePortItsEndpointsList() {
        for (String values : List.of("values-rolling.yaml", "values-bluegreen.yaml", "values-canary.yaml")) {
            Chart.Rendered r = chart().values(values).render();
            String admitted = r.get("NetworkPolicy", "rl-sample").at("/spec/ingress/0/ports/0/port").asText();
            for (JsonNode service : r.all("Service")) {
                if (service.at("/metadata/name").asText().equals("rl-gateway")) {
                    continue;
                }
                assertThat(service.at("/spec/ports")).as(values).hasSize(1);
                assertThat(service.at("/spec/ports/0/targetPort").asText()).as(Manifests.id(service)).isEqualTo(admitted);
            }
            for (PodTemplate pod : PodTemplate.all(r.documents())) {
                if (!pod.owner().at("/metadata/name").asText().equals("rl-gateway")) {
                    assertThat(pod.owner().at("/spec/template/spec/containers/0/ports").findValuesAsText("name"))
                            .as(Manifests.id(pod.owner())).contains(admitted);
                }
            }
        }
    }

    private static String env(Chart.Rendered r, String name) {
        for (JsonNode env : r.get("Deployment", "rl-gateway").at("/spec/template/spec/containers/0/env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void onlyTheGatewayReachesTheSamplePods() {
        Chart.Rendered r = chart().render();
        JsonNode policy = r.get("NetworkPolicy", "rl-sample").path("spec");
        Map<String, String> gatewayPods = PodTemplate.all(r.documents()).stream()
                .filter(p -> "rl-gateway".equals(p.owner().path("metadata").path("name").asText())).findFirst().orElseThrow().labels();
        assertThat(policy.at("/ingress")).hasSize(1);
        assertThat(policy.at("/ingress/0/from")).hasSize(1);
        Map<String, String> from = ManifestLabels.of(policy.at("/ingress/0/from/0/podSelector/matchLabels"));
        assertThat(gatewayPods).containsAllEntriesOf(from);
        Map<String, String> target = ManifestLabels.of(policy.at("/podSelector/matchLabels"));
        for (PodTemplate pod : PodTemplate.all(r.documents())) {
            boolean selected = pod.labels().entrySet().containsAll(target.entrySet());
            assertThat(selected).as(Manifests.id(pod.owner())).isEqualTo(!pod.owner().path("metadata").path("name").asText().equals("rl-gateway"));
        }
    }

    @Test
    void selectorsNeverCarryTheVersion() {
        for (Chart c : List.of(chart(), chart().values("values-bluegreen.yaml"), chart().values("values-canary.yaml"))) {
            for (JsonNode d : c.render().documents()) {
                JsonNode selector = d.path("spec").path("selector");
                assertThat(selector.toString()).as(Manifests.id(d)).doesNotContain("version");
            }
        }
    }

    private static String image(Chart.Rendered r, String deployment) {
        return r.get("Deployment", deployment).at("/spec/template/spec/containers/0/image").asText();
    }

    private static Map<String, String> selector(Chart.Rendered r, String service) {
        return ManifestLabels.of(r.get("Service", service).path("spec").path("selector"));
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        return null;
    }
}
