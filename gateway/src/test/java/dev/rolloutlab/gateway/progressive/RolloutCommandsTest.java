package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.rolloutlab.gateway.proxy.RolloutHeaders;
import dev.rolloutlab.gateway.testing.PacedLoad;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator's commands on a running rollout, over HTTP as the CLI sends them. The gateway
 * listens on every address here, so a request from this machine's own non-loopback address can
 * prove the 403.
 */
@QuarkusTest
@TestProfile(RolloutCommandsTest.AllAddresses.class)
class RolloutCommandsTest {

    public static class AllAddresses implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("quarkus.http.host", "0.0.0.0", "quarkus.http.test-host", "0.0.0.0");
        }
    }

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @TestHTTPResource("/api/identity")
    URI identity;

    private static final String ANALYSIS = "{interval: 1s, initialDelay: 0s, minRequests: 3, maxP99: 10s, failureLimit: 1}";

    private static void start(String steps) throws Exception {
        RoutingFiles.apply(RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), UUID.randomUUID().toString(),
                steps, ANALYSIS, ""));
    }

    private static io.restassured.response.ValidatableResponse post(String command) {
        return given().when().post("/gateway/rollout/" + command).then();
    }

    @Test
    void aManualHoldWaitsForPromoteAndPauseResumeAbortRetryDoWhatTheySay() throws Exception {
        start("[{weight: 10, hold: manual}, {weight: 50, hold: 30s}]");
        try (PacedLoad load = PacedLoad.start(identity, 50)) {

            await().atMost(Duration.ofSeconds(10)).until(() -> view().getBoolean("awaitingPromote"));
            assertThat(view().getString("phase")).isEqualTo("paused");
            assertThat(view().getString("reason")).contains("waiting for promote");
            post("resume").statusCode(409).body("status", equalTo(409)).body("error", containsString("promote"));

            post("promote").statusCode(200).body("phase", equalTo("progressing")).body("step", equalTo(1))
                    .body("weight", equalTo(50));

            post("pause").statusCode(200).body("phase", equalTo("paused")).body("reason", startsWith("paused by command"));
            post("resume").statusCode(200).body("phase", equalTo("progressing")).body("weight", equalTo(50));

            post("abort").statusCode(200).body("phase", equalTo("aborted")).body("weight", equalTo(0));
            for (int i = 0; i < 10; i++) {
                given().get("/api/identity").then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "v1");
            }
            post("abort").statusCode(409).body("error", containsString("aborted"));

            post("retry").statusCode(200).body("failed", equalTo(0));
            await().atMost(Duration.ofSeconds(5)).until(() -> view().getString("phase").equals("progressing"));
            assertThat(view().getInt("weight")).isEqualTo(10);
            assertThat(view().getList("events.type", String.class)).contains("aborted", "retried");

            post("promote?full=true").statusCode(200).body("phase", equalTo("promoted")).body("weight", equalTo(100));
            for (int i = 0; i < 10; i++) {
                given().get("/api/identity").then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "v2");
            }
            post("promote").statusCode(409);
        }
    }

    @Test
    void unknownCommandsAndCommandsWithoutARolloutAreRefused() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 10));

        post("fast-forward").statusCode(404).body("error", containsString("unknown rollout command 'fast-forward'"));
        post("promote").statusCode(409).body("error", containsString("no progressive rollout"));
        given().get("/gateway/rollout").then().statusCode(200).body("phase", equalTo("idle"))
                .body("kind", equalTo("canary")).body("weight", equalTo(10));
    }

    @Test
    void eventsStreamAsTheyHappen() throws Exception {
        start("[{weight: 10, hold: 30s}]");
        try (PacedLoad load = PacedLoad.start(identity, 50)) {
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            var stream = http.sendAsync(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                    + "/gateway/rollout/events")).build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body().forEach(lines::add));
            try {
                // Verdicts come every second: once one arrived, the stream is live.
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"verdict\"")));
                post("pause").statusCode(200);
                await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream()
                        .anyMatch(l -> l.startsWith("data:") && l.contains("\"type\":\"paused\"")));
            } finally {
                stream.cancel(true);
            }
        }
    }

    @Test
    void commandsFromANonLoopbackAddressAreForbidden() throws Exception {
        InetAddress own = ownNonLoopbackAddress();
        Assumptions.assumeTrue(own != null, "this machine has no non-loopback IPv4 address to send from");
        start("[{weight: 10, hold: 30s}]");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + own.getHostAddress() + ":" + RestAssured.port + "/gateway/rollout/abort"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("loopback only").contains("got " + own.getHostAddress());
        assertThat(view().getString("phase")).isNotEqualTo("aborted");
        // Reading is open to everyone.
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + own.getHostAddress() + ":" + RestAssured.port + "/gateway/rollout")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static InetAddress ownNonLoopbackAddress() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (Exception e) {
                        return false;
                    }
                })
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst().orElse(null);
    }
}
