package dev.rolloutlab.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.PacedLoad;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The rollout panel and the share-over-time chart in a real headless Chromium, against the
 * real gateway deciding a progressive canary from real upstreams under paced load, with
 * one-second intervals: a faulty v2 ends Aborted (reason in the red banner, failed intervals in
 * the strip, v2's share back to 0 in the chart), a healthy one Promoted (every rung passed, v2
 * at 100 %). Leaves target/ui-rollout-aborted.png and target/ui-rollout-promoted.png; the first is
 * the README's screenshot, docs/ui-canary.png (docs/tests.md says how to refresh it).
 */
@QuarkusTest
@TestProfile(UiBrowserTest.FreshGateway.class) // the same gateway instance as UiBrowserTest: no second start
class RolloutPanelBrowserTest {

    private static final String V2 = "2.0.0";
    private static final int REQUESTS_PER_SECOND = 40;

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @TestHTTPResource("/")
    URL page;

    @TestHTTPResource("/api/identity")
    URI identity;

    HeadlessChromium chromium;

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open();
    }

    @AfterEach
    void closeBrowserAndHeal() throws IOException {
        UPSTREAMS.v2().fault(0, 0);
        if (chromium != null) {
            chromium.close();
        }
        apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 50));
    }

    @Test
    void aFaultyCanaryEndsAbortedWithItsReasonAndV2BackToZero() throws Exception {
        apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 0));
        chromium.get(page.toString());
        chromium.waitUntil("the idle line", b -> chromium.text("#rollout-idle").startsWith("no progressive rollout"));
        assertThat(chromium.css("#rollout-body").isDisplayed()).isFalse();

        UPSTREAMS.v2().fault(30, 0);
        try (PacedLoad load = PacedLoad.start(identity, REQUESTS_PER_SECOND)) {
            // failureLimit 2: three failed intervals at 25 % give the chart a few seconds of v2.
            apply(progressiveCanary("[{weight: 25, hold: 10s}, {weight: 50, hold: 10s}]",
                    "{interval: 1s, initialDelay: 1s, minRequests: 3, maxErrorRate: 5, maxP99: 500ms, failureLimit: 2}"));

            chromium.waitUntil("the panel says Aborted", b -> "aborted".equals(phase()));
            WebElement banner = chromium.css("#rollout-banner");
            assertThat(banner.isDisplayed()).isTrue();
            assertThat(banner.getAttribute("class")).contains("aborted");
            assertThat(banner.getText()).startsWith("Aborted: ").contains("v2").contains("errors > 5 %")
                    .endsWith("v1 answers everything again");
            assertThat(chromium.text("#rollout-weight")).isEqualTo("0 % to v2");
            assertThat(chromium.css("#rollout-failed").getAttribute("class")).contains("over-limit");
            assertThat(chromium.text("#rollout-failed")).isEqualTo("3 / limit 2");
            assertThat(rungStates()).containsExactly("failed", "pending", "pending");

            List<WebElement> failed = chromium.all("#rollout-intervals .verdict-mark.failed");
            assertThat(failed).hasSizeGreaterThanOrEqualTo(3);
            assertThat(failed.get(0).getAttribute("title"))
                    .containsPattern("v2: \\d+ requests \\(min 3\\), [\\d.]+ % errors \\(max 5(\\.0)? %\\), p99 \\d+ ms \\(max 500 ms\\)")
                    .containsPattern("v1 \\(baseline\\): \\d+ requests, 0\\.0 % errors, p99 \\d+ ms")
                    .contains("errors > 5 %");
            new Actions(chromium.driver()).moveToElement(failed.get(0)).perform();
            assertThat(chromium.text("#interval-info")).startsWith("failed · step 1 (25 %)");

            assertThat(chromium.text("#rollout-events li:first-child")).contains("aborted");
            // The chart draws on its own tick: the marker may come a moment after the panel says Aborted.
            chromium.waitUntil("the abort marked in the chart", b -> chromium.all("#share-chart line.marker.aborted").size() == 1);

            // In the chart v2 rose to about its 25 % and fell to 0 once the abort was in effect.
            chromium.waitUntil("v2's share back to 0 for the newest seconds", b -> {
                List<Integer> shares = shares(V2);
                int peak = shares.indexOf(shares.stream().max(Integer::compare).orElse(0));
                return shares.get(peak) >= 10 && shares.size() - peak > 3
                        && shares.subList(shares.size() - 2, shares.size()).stream().allMatch(s -> s == 0);
            });
        }
        assertThat(chromium.scriptErrors()).as("script errors").isEmpty();
        chromium.screenshot(Path.of("target/ui-rollout-aborted.png"));
        assertThat(Path.of("target/ui-rollout-aborted.png")).as("the screenshot docs/ui-canary.png is refreshed from").isNotEmptyFile();
    }

    @Test
    void aHealthyCanaryWaitsForPromoteThenEndsPromotedWithEveryStepPassed() throws Exception {
        apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 0));
        chromium.get(page.toString());
        try (PacedLoad load = PacedLoad.start(identity, REQUESTS_PER_SECOND)) {
            apply(progressiveCanary("[{weight: 20, hold: 2s}, {weight: 50, hold: manual}]",
                    "{interval: 1s, initialDelay: 0s, minRequests: 3, maxErrorRate: 5, maxP99: 500ms, failureLimit: 1}"));

            chromium.waitUntil("a step in progress, highlighted",
                    b -> !chromium.all("#rollout-ladder .rung.current").isEmpty());
            assertThat(chromium.text("#rollout-ladder .rung.current .rung-weight")).matches("(20|50) %");

            chromium.waitUntil("the manual step paused", b -> "paused".equals(phase()));
            WebElement banner = chromium.css("#rollout-banner");
            assertThat(banner.getAttribute("class")).contains("paused");
            assertThat(banner.getText()).startsWith("Paused").endsWith("waiting for promote");
            assertThat(rungStates()).containsExactly("passed", "current", "pending");
            assertThat(chromium.text("#rollout-ladder .rung.current")).contains("50 %").contains("hold: manual")
                    .contains("waiting for promote");
            // Verdicts go on while paused (a failure could still abort): their countdown shows.
            assertThat(chromium.text("#rollout-next-verdict")).matches("\\d+ s");
            RestAssured.post("/gateway/rollout/promote").then().statusCode(200);

            chromium.waitUntil("the panel says Promoted", b -> "promoted".equals(phase()));
            assertThat(banner.getAttribute("class")).contains("promoted");
            assertThat(banner.getText()).startsWith("Promoted: ").contains("v2");
            assertThat(rungStates()).containsExactly("passed", "passed", "passed");
            assertThat(chromium.text("#rollout-weight")).isEqualTo("100 % to v2");
            assertThat(chromium.all("#rollout-intervals .verdict-mark.passed")).hasSizeGreaterThanOrEqualTo(4);
            assertThat(chromium.all("#rollout-intervals .verdict-mark.failed")).isEmpty();
            assertThat(chromium.text("#rollout-events")).contains("promoted");
            assertThat(chromium.all("#share-chart line.marker.step")).hasSizeGreaterThanOrEqualTo(2);

            chromium.waitUntil("v2 answers everything in the chart's newest seconds", b -> {
                List<Integer> shares = shares(V2);
                return shares.subList(shares.size() - 2, shares.size()).stream().allMatch(s -> s >= 95);
            });
            assertThat(Integer.parseInt(chromium.attribute("#share-legend .legend-item[data-version='2.0.0']", "data-share")))
                    .isGreaterThanOrEqualTo(95);
            assertThat(chromium.text("#share-legend")).contains("rollout's weight for v2 (2.0.0)");
        }
        assertThat(chromium.scriptErrors()).as("script errors").isEmpty();
        chromium.screenshot(Path.of("target/ui-rollout-promoted.png"));
    }

    /**
     * A gateway from before progressive delivery answers 404 on /gateway/rollout: the panel says
     * so in one line and the rest of the page works as before. Only that endpoint is made to
     * answer 404 (the page's fetch of it), everything else is the real gateway.
     */
    @Test
    void aGatewayWithoutTheRolloutEndpointGetsOneLineAndAWorkingPage() throws Exception {
        apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 50));
        chromium.beforeEveryPage("const realFetch = window.fetch;"
                + "window.fetch = (url, options) => String(url).startsWith('gateway/rollout')"
                + " ? Promise.resolve(new Response('{\"status\":404}', {status: 404})) : realFetch(url, options);");
        chromium.get(page.toString());
        try (PacedLoad load = PacedLoad.start(identity, 20)) {
            chromium.waitUntil("the older gateway's line",
                    b -> chromium.text("#rollout-idle").equals("no progressive rollout: this gateway has no /gateway/rollout"));
            chromium.waitUntil("both versions in the chart", b -> shares("1.0.0").stream().anyMatch(s -> s > 0)
                    && shares(V2).stream().anyMatch(s -> s > 0));
        }
        assertThat(chromium.css("#rollout").getAttribute("data-phase")).isEqualTo("absent");
        assertThat(chromium.css("#rollout-body").isDisplayed()).isFalse();
        assertThat(chromium.css("#rollout-events-panel").isDisplayed()).isFalse();
        assertThat(chromium.scriptErrors()).as("script errors").isEmpty();
    }

    /** A new revision each time, so each test starts a rollout of its own. */
    private static String progressiveCanary(String steps, String analysis) {
        return RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), UUID.randomUUID().toString(), steps,
                analysis, "");
    }

    /** Like {@link RoutingFiles#apply}, with room for a busy shared machine. */
    private static void apply(String yaml) throws IOException {
        RoutingFiles.write(yaml);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> yaml.equals(RestAssured.get("/gateway/status/yaml").asString()));
    }

    private String phase() {
        return chromium.attribute("#rollout-phase", "data-phase");
    }

    @SuppressWarnings("unchecked")
    private List<String> rungStates() {
        return (List<String>) chromium.script(
                "return [...document.querySelectorAll('#rollout-ladder .rung')].map(r => r.dataset.state)");
    }

    /** The chart's share of {@code version} per second, oldest first; a second without answers counts as 0. */
    private List<Integer> shares(String version) {
        String shares = chromium.attribute("#share-chart path.share-area[data-version='" + version + "']", "data-shares");
        if (shares == null) {
            return List.of(0);
        }
        return Arrays.stream(shares.split(",", -1)).map(s -> s.isEmpty() ? 0 : Integer.parseInt(s)).toList();
    }
}
