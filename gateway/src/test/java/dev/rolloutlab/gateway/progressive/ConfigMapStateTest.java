package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.rolloutlab.gateway.progressive.state.ConfigMapRolloutStore;
import dev.rolloutlab.gateway.testing.RolloutApi;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In a cluster the state lives in a ConfigMap of its own (a mock API server here): the gateway is
 * not ready until it could read it, writes it on every change, and goes on when a write fails.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ConfigMapStateTest.InCluster.class)
class ConfigMapStateTest {

    static final String NAME = "rl-rollout-state";
    static final Path ROUTING = Path.of("target/configmap-state/routing.yaml").toAbsolutePath();

    public static class InCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(ROUTING.getParent());
                Files.deleteIfExists(ROUTING);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("gateway.rollout.state-config-map", NAME, "gateway.routing.file", ROUTING.toString());
        }
    }

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @Inject
    KubernetesClient client;

    @Test
    void notReadyUntilTheStateIsReadThenEveryChangeIsWrittenAndAFailedWriteIsTold() throws Exception {
        // The state ConfigMap cannot be read yet, but no rollout is configured: nothing to resume, ready.
        RoutingFiles.apply(ROUTING, RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 10));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rollout-state' }.status", equalTo("UP"));

        // A rollout is configured and its state cannot be read (the chart has not created the
        // ConfigMap yet): the gateway waits, not ready, and the canary gets nothing meanwhile.
        RoutingFiles.apply(ROUTING, RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), "cm-1",
                "[{weight: 10, hold: 30s}]", "{interval: 10s}", ""));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'rollout-state' }.status", equalTo("DOWN")));
        given().get("/gateway/status").then().body("configuredShares.v2", equalTo(0));
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("rollout-state")));

        RolloutApi.awaitPhase("progressing", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(state()).contains("\"revision\" : \"cm-1\"")
                .contains("\"phase\" : \"progressing\""));

        client.configMaps().withName(NAME).delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.configMaps().withName(NAME).get() == null);
        given().post("/gateway/rollout/pause").then().statusCode(200).body("phase", equalTo("paused"));

        assertThat(view().getList("events.type", String.class)).endsWith("paused", "persist-failed");
        assertThat(RolloutApi.events().get(RolloutApi.events().size() - 1).message())
                .contains("cannot persist the rollout state to ConfigMap " + NAME);
    }

    private String state() {
        ConfigMap configMap = client.configMaps().withName(NAME).get();
        return configMap == null || configMap.getData() == null ? "" : configMap.getData().getOrDefault(ConfigMapRolloutStore.KEY, "");
    }
}
