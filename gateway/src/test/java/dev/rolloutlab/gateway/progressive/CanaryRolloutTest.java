package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.phase;
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
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A canary rolled out by the gateway from its own numbers, under 50 user requests a second and
 * one-second intervals: a faulty canary is aborted, a healthy one promoted step by step.
 */
@QuarkusTest
class CanaryRolloutTest {

    /**
     * One-second intervals. The p99 limit is far off except where latency is the point: this
     * machine may be shared, and a starved JVM's latency says nothing about the canary.
     */
    static final String FAST = "{interval: 1s, initialDelay: 1s, minRequests: 3, maxErrorRate: 5, maxP99: 10s, failureLimit: 1}";

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @TestHTTPResource("/api/identity")
    URI identity;

    private static boolean warm;

    /** A cold gateway's first few hundred requests are slow (JIT): they would be judged, not the canary. */
    @BeforeEach
    void warmUp() throws Exception {
        if (warm) {
            return;
        }
        warm = true;
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 50));
        for (int i = 0; i < 300; i++) {
            given().get("/api/identity").then().statusCode(200);
        }
    }

    @AfterEach
    void heal() {
        UPSTREAMS.v1().fault(0, 0);
        UPSTREAMS.v2().fault(0, 0);
    }

    private static String canary(String steps, String analysis) {
        return RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), UUID.randomUUID().toString(), steps,
                analysis, "");
    }

    @Test
    void aFaultyCanaryIsAbortedAndStableAnswersEverythingAgain() throws Exception {
        UPSTREAMS.v2().fault(20, 0);
        RoutingFiles.apply(canary("[{weight: 10, hold: 10s}, {weight: 50, hold: 10s}]", FAST));
        try (PacedLoad load = PacedLoad.start(identity, 50)) {

            RolloutApi.awaitPhase("aborted", Duration.ofSeconds(15));
            List<RolloutApi.Event> events = RolloutApi.events();
            long firstStep = RolloutApi.firstAt(events, "step");
            long aborted = RolloutApi.firstAt(events, "aborted");
            // The initial delay, then at most 4 intervals (2 failed ones abort; at 20 % errors nearly every one fails).
            assertThat(aborted - firstStep).isLessThan(1000 + 4 * 1000 + 500);
            assertThat(events).extracting(RolloutApi.Event::weight).doesNotContain(50);

            JsonPath view = view();
            assertThat(view.getInt("weight")).isZero();
            assertThat(view.getInt("step")).isZero();
            assertThat(view.getInt("failed")).isEqualTo(2);
            assertThat(view.getString("reason")).contains("v2").contains("errors > 5 %");
            assertThat(view.getString("message")).startsWith("aborted: ").endsWith("v1 answers everything again");
            assertThat(view.getList("intervals.verdict", String.class)).contains("failed");
            assertThat(view.getList("events.type", String.class)).contains("started", "step", "verdict", "aborted");

            long settled = aborted + 1000;
            await().atMost(Duration.ofSeconds(10)).until(() -> load.sentSince(settled + 2000).size() > 10);
            List<PacedLoad.Answer> after = load.sentSince(settled);
            assertThat(after).hasSizeGreaterThan(80).allMatch(a -> "v1".equals(a.group()) && !a.error());
            // Every error a client saw was a v2 answer to a request sent before the abort.
            assertThat(load.answers()).filteredOn(PacedLoad.Answer::error)
                    .isNotEmpty().allMatch(a -> "v2".equals(a.group()) && a.sentAt() <= aborted);
        }
    }

    @Test
    void aHealthyCanaryIsPromotedThroughEveryStepInOrder() throws Exception {
        RoutingFiles.apply(canary("[{weight: 10, hold: 2s}, {weight: 25, hold: 2s}, {weight: 50, hold: 2s}]", FAST));
        try (PacedLoad load = PacedLoad.start(identity, 50)) {

            RolloutApi.awaitPhase("promoted", Duration.ofSeconds(30));

            List<RolloutApi.Event> moves = RolloutApi.events().stream()
                    .filter(e -> e.type().equals("step") || e.type().equals("promoted")).toList();
            assertThat(moves).extracting(RolloutApi.Event::weight).containsExactly(10, 25, 50, 100);
            for (int i = 0; i < 3; i++) {
                // Requests sent while the step served (the router switches within a tick of the event).
                assertShare(load, moves.get(i).at() + 100, moves.get(i + 1).at() - 100, moves.get(i).weight());
            }
            JsonPath view = view();
            assertThat(view.getInt("weight")).isEqualTo(100);
            assertThat(view.getInt("failed")).isZero();
            assertThat(view.getString("message")).isEqualTo("promoted: 100 % to v2");
            assertThat(view.getList("events.type", String.class)).doesNotContain("aborted", "paused");
            assertThat(load.answers()).noneMatch(PacedLoad.Answer::error);

            String metrics = given().get("/q/metrics").asString();
            assertThat(metrics).contains("gateway_rollout_phase{phase=\"promoted\"} 1.0")
                    .contains("gateway_rollout_phase{phase=\"progressing\"} 0.0").contains("gateway_rollout_weight 100.0")
                    .containsPattern("gateway_rollout_intervals_total\\{verdict=\"passed\"} [1-9]");
        }
    }

    @Test
    void aSlowCanaryIsAbortedOnItsP99() throws Exception {
        UPSTREAMS.v2().fault(0, 2500);
        RoutingFiles.apply(canary("[{weight: 10, hold: 10s}]", FAST.replace("maxP99: 10s", "maxP99: 2s")));
        try (PacedLoad load = PacedLoad.start(identity, 50)) {

            RolloutApi.awaitPhase("aborted", Duration.ofSeconds(15));
            assertThat(view().getString("reason")).contains("p99").contains("> 2000 ms");
        }
    }

    @Test
    void whenStableFailsTooTheIntervalIsInconclusiveNotFailed() throws Exception {
        UPSTREAMS.v1().fault(20, 0);
        UPSTREAMS.v2().fault(20, 0);
        RoutingFiles.apply(canary("[{weight: 10, hold: 10s}]", FAST));
        try (PacedLoad load = PacedLoad.start(identity, 50)) {

            await().atMost(Duration.ofSeconds(15)).until(() -> view().getList("intervals").size() >= 3);
            JsonPath view = view();
            assertThat(view.getString("phase")).isEqualTo("progressing");
            assertThat(view.getInt("failed")).isZero();
            assertThat(view.getList("intervals.why", String.class)).anyMatch(why -> why.contains("stable fails too"));
            assertThat(view.getList("intervals.verdict", String.class)).doesNotContain("failed");
        }
    }

    /** Of the user requests sent in [from, to], the canary's share is the step's weight, to a request or two. */
    private static void assertShare(PacedLoad load, long from, long to, int weight) {
        List<PacedLoad.Answer> window = load.answers().stream().filter(a -> a.sentAt() >= from && a.sentAt() <= to).toList();
        assertThat(window).as("requests while %d %% served", weight).hasSizeGreaterThan(40);
        double share = 100.0 * window.stream().filter(a -> "v2".equals(a.group())).count() / window.size();
        assertThat(share).as("v2 share at weight %d over %d requests", weight, window.size())
                .isCloseTo(weight, Offset.offset(3.0));
    }
}
