package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.phase;
import static dev.rolloutlab.gateway.testing.RolloutApi.view;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Blue/green switched by the gateway: green (v2) is judged on the gateway's own probe traffic
 * before any user reaches it, switched to only if it passes, and switched back if it fails after.
 */
@QuarkusTest
class BlueGreenRolloutTest {

    static final String ANALYSIS = "{interval: 1s, initialDelay: 0s, minRequests: 5, maxP99: 10s, failureLimit: 1}";
    static final String PROBE = "{rate: 20, path: /api/identity}";

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @TestHTTPResource("/api/identity")
    URI identity;

    @AfterEach
    void heal() {
        UPSTREAMS.v2().fault(0, 0);
    }

    private static String blueGreen(String prePromotion, String postPromotion) {
        return blueGreen(prePromotion, postPromotion, ANALYSIS);
    }

    private static String blueGreen(String prePromotion, String postPromotion, String analysis) {
        return RoutingFiles.progressiveBlueGreen(UPSTREAMS.v1(), UPSTREAMS.v2(), UUID.randomUUID().toString(),
                prePromotion, "1s", postPromotion, analysis, PROBE);
    }

    @Test
    void aFaultyGreenIsNeverSwitchedToAndGetsNoUserRequest() throws Exception {
        UPSTREAMS.v2().fault(20, 0);
        // Users arrive once this config serves (before it, another test's config may serve).
        RoutingFiles.apply(blueGreen("3s", "3s"));
        try (PacedLoad load = PacedLoad.start(identity, 50)) {

            RolloutApi.awaitPhase("aborted", Duration.ofSeconds(15));
            assertThat(RolloutApi.events()).extracting(RolloutApi.Event::weight).containsOnly(0);
            assertThat(view().getString("active")).isEqualTo("blue");
            assertThat(load.answers()).hasSizeGreaterThan(50).allMatch(a -> "blue".equals(a.group()) && !a.error());
        }
    }

    @Test
    void aHealthyGreenIsSwitchedToAfterPrePromotionAndPromoted() throws Exception {
        RoutingFiles.apply(blueGreen("2s", "2s"));
        try (PacedLoad load = PacedLoad.start(identity, 50)) {

            RolloutApi.awaitPhase("promoted", Duration.ofSeconds(20));
            List<RolloutApi.Event> steps = RolloutApi.events().stream().filter(e -> e.type().equals("step")).toList();
            assertThat(steps).extracting(RolloutApi.Event::weight).containsExactly(0, 100);
            long switched = steps.get(1).at();
            // Pre-promotion (2 s) and auto-promotion (1 s) first.
            assertThat(switched - steps.get(0).at()).isGreaterThanOrEqualTo(3000);
            assertThat(view().getString("active")).isEqualTo("green");
            assertThat(load.sentSince(switched + 200)).isNotEmpty().allMatch(a -> "green".equals(a.group()));
            assertThat(load.answers()).filteredOn(a -> a.sentAt() < switched - 200).allMatch(a -> "blue".equals(a.group()));
            assertThat(load.answers()).noneMatch(PacedLoad.Answer::error);
        }
    }

    @Test
    void aFaultAfterTheSwitchSwitchesBack() throws Exception {
        // Failure limit 0: the first failed interval switches back.
        RoutingFiles.apply(blueGreen("2s", "20s", ANALYSIS.replace("failureLimit: 1", "failureLimit: 0")));
        try (PacedLoad load = PacedLoad.start(identity, 50)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "green".equals(view().getString("active")));

            UPSTREAMS.v2().fault(20, 0);
            long faulty = System.currentTimeMillis();
            RolloutApi.awaitPhase("aborted", Duration.ofSeconds(10));
            long aborted = RolloutApi.firstAt(RolloutApi.events(), "aborted");
            // Within two intervals (the one the fault began in, the next) and a tick.
            assertThat(aborted - faulty).isLessThan(2 * 1000 + 500);
            assertThat(view().getString("active")).isEqualTo("blue");
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> load.sentSince(aborted + 500).size() > 25);
            assertThat(load.sentSince(aborted + 100)).allMatch(a -> "blue".equals(a.group()) && !a.error());
        }
    }
}
