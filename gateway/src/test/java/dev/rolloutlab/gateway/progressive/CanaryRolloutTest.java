package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutWatch.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.PacedLoad;
import dev.rolloutlab.gateway.testing.RolloutWatch;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A canary rolled out by the gateway from its own numbers, under 50 user requests a second and
 * one-second intervals: a faulty canary is aborted, a healthy one promoted step by step.
 */
@QuarkusTest
class CanaryRolloutTest {

    static final String FAST = "{interval: 1s, initialDelay: 1s, minRequests: 3, maxErrorRate: 5, maxP99: 500ms, failureLimit: 1}";

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @TestHTTPResource("/api/identity")
    URI identity;

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
        try (PacedLoad load = PacedLoad.start(identity, 50); RolloutWatch watch = RolloutWatch.start()) {
            RoutingFiles.apply(canary("[{weight: 10, hold: 10s}, {weight: 50, hold: 10s}]", FAST));

            await().atMost(Duration.ofSeconds(10)).until(() -> watch.firstIn("aborted") > 0);
            long progressing = watch.firstIn("progressing");
            long aborted = watch.firstIn("aborted");
            // initialDelay + at most 4 intervals (2 failed ones are needed; 20 % errors fail nearly every one).
            assertThat(aborted - progressing).isLessThan(1000 + 4 * 1000 + 500);
            assertThat(watch.seen()).extracting(RolloutWatch.Seen::weight).doesNotContain(50);

            JsonPath view = view();
            assertThat(view.getString("phase")).isEqualTo("aborted");
            assertThat(view.getInt("weight")).isZero();
            assertThat(view.getInt("step")).isZero();
            assertThat(view.getInt("failed")).isEqualTo(2);
            assertThat(view.getString("reason")).contains("v2").contains("errors > 5 %");
            assertThat(view.getString("message")).startsWith("aborted: ").endsWith("v1 answers everything again");
            assertThat(view.getList("intervals.verdict", String.class)).contains("failed");
            assertThat(view.getList("events.type", String.class)).contains("started", "step", "verdict", "aborted");

            long settled = aborted + 1000;
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> load.sentSince(settled + 1000).size() > 40);
            List<PacedLoad.Answer> after = load.sentSince(settled);
            assertThat(after).hasSizeGreaterThan(80).allMatch(a -> "v1".equals(a.group()) && !a.error());
            // Every error a client saw was a v2 answer sent before the abort.
            assertThat(load.answers()).filteredOn(PacedLoad.Answer::error)
                    .isNotEmpty().allMatch(a -> "v2".equals(a.group()) && a.sentAt() <= aborted);
        }
    }

    @Test
    void aHealthyCanaryIsPromotedThroughEveryStepInOrder() throws Exception {
        try (PacedLoad load = PacedLoad.start(identity, 50); RolloutWatch watch = RolloutWatch.start()) {
            RoutingFiles.apply(canary("[{weight: 10, hold: 2s}, {weight: 25, hold: 2s}, {weight: 50, hold: 2s}]", FAST));

            await().atMost(Duration.ofSeconds(25)).until(() -> watch.firstIn("promoted") > 0);

            List<RolloutWatch.Seen> path = watch.seen();
            assertThat(path).extracting(RolloutWatch.Seen::weight).containsSubsequence(10, 25, 50, 100)
                    .isSortedAccordingTo(Integer::compare);
            assertThat(path).extracting(RolloutWatch.Seen::phase).doesNotContain("aborted", "paused");
            for (int i = 0; i < path.size() - 1; i++) {
                RolloutWatch.Seen step = path.get(i);
                if (step.phase().equals("progressing")) {
                    assertShare(load, step.at() + 100, path.get(i + 1).at() - 200, step.weight());
                }
            }
            JsonPath view = view();
            assertThat(view.getInt("weight")).isEqualTo(100);
            assertThat(view.getInt("failed")).isZero();
            assertThat(view.getString("message")).isEqualTo("promoted: v2 answers everything");
            assertThat(load.answers()).noneMatch(PacedLoad.Answer::error);
        }
    }

    @Test
    void aSlowCanaryIsAbortedOnItsP99() throws Exception {
        UPSTREAMS.v2().fault(0, 600);
        try (PacedLoad load = PacedLoad.start(identity, 50)) {
            RoutingFiles.apply(canary("[{weight: 10, hold: 10s}]", FAST));

            await().atMost(Duration.ofSeconds(10)).until(() -> view().getString("phase").equals("aborted"));
            assertThat(view().getString("reason")).contains("p99").contains("> 500 ms");
        }
    }

    @Test
    void whenStableFailsTooTheIntervalIsInconclusiveNotFailed() throws Exception {
        UPSTREAMS.v1().fault(20, 0);
        UPSTREAMS.v2().fault(20, 0);
        try (PacedLoad load = PacedLoad.start(identity, 50)) {
            RoutingFiles.apply(canary("[{weight: 10, hold: 10s}]", FAST));

            await().atMost(Duration.ofSeconds(10)).until(() -> view().getList("intervals").size() >= 3);
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
        if (window.size() < 50) {
            return; // too short a step to say anything
        }
        double share = 100.0 * window.stream().filter(a -> "v2".equals(a.group())).count() / window.size();
        assertThat(share).as("v2 share at weight %d over %d requests", weight, window.size())
                .isCloseTo(weight, org.assertj.core.data.Offset.offset(2.5));
    }
}
