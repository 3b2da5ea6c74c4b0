package dev.rolloutlab.gateway.routing.source;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In a cluster the routing ConfigMap is watched through the API (a mock API server here: the
 * one part of the system that cannot run on this machine), so a helm upgrade applies in seconds.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(KubernetesConfigMapWatchTest.InCluster.class)
class KubernetesConfigMapWatchTest {

    static final String NAME = "rollout-lab-gateway-routing";

    public static class InCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.routing.config-map", NAME,
                    "gateway.routing.file", "target/no-routing-file-in-this-test.yaml");
        }
    }

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @Inject
    KubernetesClient client;

    private static String config(int weight) {
        return """
                strategy: canary
                groups: {v1: [%s], v2: [%s]}
                canary: {stable: v1, canary: v2, weight: %d}
                """.formatted(UPSTREAMS.v1().url(), UPSTREAMS.v2().url(), weight);
    }

    private void upsert(Map<String, String> data) {
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(NAME).endMetadata().withData(data).build();
        client.configMaps().resource(configMap).createOr(existing -> existing.update());
    }

    private static String yamlInEffect() {
        return given().when().get("/gateway/status/yaml").asString();
    }

    @Test
    void helmUpgradesReachTheGatewayThroughTheApiWithoutARestart() {
        upsert(Map.of("routing.yaml", config(10)));
        // the first config also waits for the informer's list and the first request's start-up work
        await().atMost(Duration.ofSeconds(30)).until(() -> config(10).equals(yamlInEffect()));
        given().when().get("/gateway/status").then().body("source", containsString("ConfigMap " + NAME));

        upsert(Map.of("routing.yaml", config(60)));
        await().atMost(Duration.ofSeconds(5)).until(() -> config(60).equals(yamlInEffect()));

        upsert(Map.of("routing.yaml", config(60).replace("weight: 60", "weight: 160")));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                given().when().get("/gateway/status").jsonPath().getList("lastRejected.problems", String.class))
                .anyMatch(p -> p.contains("canary.weight")));
        assertThat(yamlInEffect()).isEqualTo(config(60));

        upsert(Map.of("other.yaml", "x"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                given().when().get("/gateway/status").jsonPath().getList("lastRejected.problems", String.class))
                .anyMatch(p -> p.contains("key 'routing.yaml' is missing")));
        assertThat(yamlInEffect()).isEqualTo(config(60));
    }
}
