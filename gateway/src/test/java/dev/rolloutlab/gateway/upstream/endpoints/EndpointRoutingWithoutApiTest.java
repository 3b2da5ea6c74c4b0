package dev.rolloutlab.gateway.upstream.endpoints;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.RoutingFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Endpoint routing on, and no Kubernetes API to be reached (the address refuses): status says so,
 * and a member that names a Service is called through the Service's own URL, since no endpoints
 * were ever known.
 */
@QuarkusTest
@TestProfile(EndpointRoutingWithoutApiTest.NoApi.class)
class EndpointRoutingWithoutApiTest {

    static final Path ROUTING = Path.of("target/endpoint-routing-no-api.yaml");

    public static class NoApi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.upstream.endpoint-slices", "true",
                    "gateway.routing.file", ROUTING.toString(),
                    "quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:1",
                    "quarkus.kubernetes-client.connection-timeout", "PT0.5S",
                    // the first failure surfaces at once instead of after the client's own retries
                    "quarkus.kubernetes-client.request-retry-backoff-limit", "0",
                    "quarkus.kubernetes-client.request-timeout", "PT0.5S");
        }
    }

    @Test
    void statusSaysTheApiIsUnreachableAndTheServiceUrlServesMeanwhile() throws Exception {
        RoutingFiles.apply(ROUTING, RoutingFiles.rolling("http://rl-sample:80"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath status = given().get("/gateway/status").jsonPath();
            assertThat(status.getBoolean("endpoints.synced")).isFalse();
            assertThat(status.getBoolean("endpoints.watching")).isFalse();
            assertThat(status.getString("endpoints.problem")).startsWith("cannot reach the Kubernetes API");
            assertThat(status.getList("upstreams.url", String.class)).containsExactly("http://rl-sample:80");
            assertThat(status.getString("upstreams[0].pod")).isNull();
        });
    }
}
