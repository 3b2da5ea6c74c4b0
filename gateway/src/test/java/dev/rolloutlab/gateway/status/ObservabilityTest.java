package dev.rolloutlab.gateway.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.proxy.RolloutHeaders;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.TestUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {

    @TestHTTPResource("/gateway/events")
    URI events;

    @Test
    void metricsCountRequestsByVersionAndReason() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0"); TestUpstream v2 = TestUpstream.start("2.0.0")) {
            RoutingFiles.apply(RoutingFiles.canary(v1, v2, 100));
            given().when().get("/api/identity").then().statusCode(200);
            given().header("X-Canary", "never").when().get("/api/identity").then().statusCode(200);

            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

            assertThat(metrics).containsPattern("gateway_requests_seconds_count\\{[^}]*reason=\"weight\"[^}]*version=\"2.0.0\"[^}]*} [1-9]");
            assertThat(metrics).containsPattern("gateway_requests_seconds_count\\{[^}]*reason=\"header\"[^}]*version=\"1.0.0\"[^}]*} [1-9]");
            // Timed once, by gateway_requests: Vert.x's generic server and client timers are off on the hot path.
            assertThat(metrics).doesNotContain("http_server_requests").doesNotContain("http_client_requests");
        }
    }

    @Test
    void statusShowsTheConfigItsSourceAndUpstreamHealth() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0"); TestUpstream v2 = TestUpstream.start("2.0.0")) {
            RoutingFiles.apply(RoutingFiles.canary(v1, v2, 40));
            v2.notReady();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/gateway/status")
                    .then().statusCode(200)
                    .body("config.strategy", org.hamcrest.Matchers.equalTo("canary"))
                    .body("config.canary.weight", org.hamcrest.Matchers.equalTo(40))
                    .body("configuredShares.v2", org.hamcrest.Matchers.equalTo(40))
                    .body("source", org.hamcrest.Matchers.startsWith("file "))
                    .body("upstreams.find { it.group == 'v1' }.healthy", org.hamcrest.Matchers.equalTo(true))
                    .body("upstreams.find { it.group == 'v2' }.healthy", org.hamcrest.Matchers.equalTo(false))
                    .body("upstreams.find { it.group == 'v2' }.problem", org.hamcrest.Matchers.containsString("503")));
        }
    }

    @Test
    void theEventStreamCarriesEachProxiedRequest() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0"); TestUpstream v2 = TestUpstream.start("2.0.0")) {
            RoutingFiles.apply(RoutingFiles.canary(v1, v2, 0));
            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() -> firstEvent(stream.body()));

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                given().header("X-Canary", "always").when().get("/api/identity").then()
                        .header(RolloutHeaders.GROUP_HEADER, "v2");
                return first.isDone();
            });

            JsonObject event = first.get();
            assertThat(event.getString("group")).isEqualTo("v2");
            assertThat(event.getString("version")).isEqualTo("2.0.0");
            assertThat(event.getString("reason")).isEqualTo("header");
            assertThat(event.getInteger("status")).isEqualTo(200);
            assertThat(event.getDouble("millis")).isPositive();
            stream.body().close();
        }
    }

    private static JsonObject firstEvent(InputStream body) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    return new JsonObject(line.substring(5).trim());
                }
            }
            throw new IllegalStateException("stream ended without an event");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
