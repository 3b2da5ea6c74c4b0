package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.PacedLoad;
import dev.rolloutlab.gateway.testing.RolloutApi;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Too little traffic to judge: the rollout pauses instead of guessing; the gateway's own probes fix that. */
@QuarkusTest
class RolloutTrafficTest {

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @TestHTTPResource("/api/identity")
    URI identity;

    @Test
    void oneRequestASecondIsNotEnoughTrafficToDecide() throws Exception {
        try (PacedLoad load = PacedLoad.start(identity, 1)) {
            RoutingFiles.apply(RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), UUID.randomUUID().toString(),
                    "[{weight: 50, hold: 1s}]", "{interval: 1s, initialDelay: 0s, minRequests: 5, maxP99: 10s, inconclusiveLimit: 3}", ""));

            RolloutApi.awaitPhase("paused", Duration.ofSeconds(10));
            assertThat(view().getString("reason")).startsWith("not enough traffic");
            assertThat(view().getList("intervals.verdict", String.class)).containsOnly("inconclusive");
            assertThat(view().getList("intervals.why", String.class)).allMatch(why -> why.matches("\\d v2 requests < 5"));
            assertThat(view().getList("events.type", String.class)).doesNotContain("promoted", "aborted");
        }
    }

    @Test
    void probeTrafficLetsACanaryWithoutUsersBeJudgedAndPromoted() throws Exception {
        int before = UPSTREAMS.v2().requests();
        double userRequestsToV2 = requestsMetered("v2");
        RoutingFiles.apply(RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), UUID.randomUUID().toString(),
                "[{weight: 10, hold: 1s}, {weight: 50, hold: 1s}]",
                "{interval: 1s, initialDelay: 0s, minRequests: 5, maxP99: 10s, inconclusiveLimit: 3}", "probe: {rate: 20, path: /api/identity}"));

        RolloutApi.awaitPhase("promoted", Duration.ofSeconds(15));
        assertThat(view().getList("intervals.verdict", String.class)).contains("passed").doesNotContain("failed");
        assertThat(UPSTREAMS.v2().requests() - before).as("probes reached v2").isGreaterThan(20);
        // Probes count in the interval numbers only, not in the traffic stats users see.
        assertThat(requestsMetered("v2")).isEqualTo(userRequestsToV2);
        assertThat(given().get("/q/metrics").asString()).containsPattern("gateway_rollout_probes_total(\\{[^}]*})? [1-9]");
    }

    /** What {@code gateway_requests} counted for {@code group}: user traffic only. */
    private static double requestsMetered(String group) {
        return given().get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith("gateway_requests_seconds_count{") && line.contains("group=\"" + group + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
