package dev.rolloutlab.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The live UI at {@code /} in a real headless Chromium, against the real gateway and two real
 * upstreams: traffic started from the page's own generator shows up in the grid as both
 * versions, the observed split sits beside the configured one, and status, errors and the
 * reload log are on screen. Leaves a screenshot in {@code target/ui.png}.
 */
@QuarkusTest
@TestProfile(UiBrowserTest.FreshGateway.class)
class UiBrowserTest {

    /**
     * Its own gateway instance, so the stats window holds only this test's traffic; on a free
     * port, so it cannot clash with another build's test gateway on this machine.
     */
    public static class FreshGateway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0");
        }
    }

    private static final Path SCREENSHOT = Path.of("target/ui.png");

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @TestHTTPResource("/")
    URL page;

    HeadlessChromium chromium;
    WebDriver browser;

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open();
        browser = chromium.driver();
    }

    /** Also puts a valid config back, so a failed run does not leave the next gateway start a broken file. */
    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 50));
    }

    @Test
    void showsLiveTrafficTheSplitAndTheConfig() throws Exception {
        apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 50));
        browser.get(page.toString());

        waitUntil("the strategy in effect is shown",
                b -> "canary".equals(b.findElement(By.id("strategy")).getAttribute("data-strategy")));
        assertThat(text("#strategy")).isEqualToIgnoringCase("canary");
        assertThat(text("#strategy-detail")).contains("50% to v2").contains("stable v1");
        assertThat(text("#config-source")).contains("routing.yaml");
        assertThat(text("#config-loaded")).isNotEqualTo("–");

        WebElement rate = css("#rate");
        rate.clear();
        rate.sendKeys("25");
        css("#start").click();

        waitUntil("both versions in the grid, 60 cells or more", b -> cells("1.0.0") > 0 && cells("2.0.0") > 0
                && b.findElements(By.cssSelector("#grid .cell")).size() >= 60);
        assertThat(gridCells()).as("each cell: version status reason mark")
                .allMatch(cell -> cell.matches("(1\\.0\\.0|2\\.0\\.0) 200 weight "));
        assertThat(text("#legend")).contains("1.0.0").contains("2.0.0");

        waitUntil("the observed split near 50/50 beside the configured 50/50",
                b -> nearHalf(observed("v1")) && nearHalf(observed("v2")));
        for (String group : List.of("v1", "v2")) {
            WebElement row = css("#observed-split .split-row[data-group='" + group + "']");
            assertThat(row.getAttribute("data-configured")).isEqualTo("50");
            assertThat(row.getText()).contains("configured 50%").containsPattern("observed \\d+(\\.\\d)?%");
        }
        for (String version : List.of("1.0.0", "2.0.0")) {
            WebElement row = css("#versions tr[data-version='" + version + "']");
            assertThat(row.findElements(By.tagName("td"))).hasSize(7);
            assertThat(Integer.parseInt(row.findElements(By.tagName("td")).get(1).getText())).isPositive();
        }

        // Traffic from another client reaches the grid too, and an error is marked.
        RestAssured.get("/api/identity?status=500").then().statusCode(500);
        waitUntil("the 500 marked in the grid",
                b -> !b.findElements(By.cssSelector("#grid .cell.error[data-status='500']")).isEmpty());
        assertThat(gridCells()).anyMatch(cell -> cell.matches("(1\\.0\\.0|2\\.0\\.0) 500 weight ✕"));

        new Actions(browser).moveToElement(css("#grid .cell:nth-child(5)")).perform();
        assertThat(text("#cell-info")).containsPattern("^(1\\.0\\.0|2\\.0\\.0) · group v[12] · \\d{3} · [\\d.]+ ms · weight");

        // A broken config is rejected on screen with its problem; the last good one keeps serving.
        RoutingFiles.write(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 150));
        waitUntil("the rejection in the reload log",
                b -> !b.findElements(By.cssSelector("#reloads > li[data-applied='false']")).isEmpty());
        assertThat(text("#reloads > li[data-applied='false']")).contains("rejected").contains("weight");
        assertThat(text("#reloads > li[data-applied='true']")).contains("applied");
        waitUntil("the rejected banner", b -> css("#rejected-banner").isDisplayed());
        assertThat(text("#rejected-banner")).contains("weight").contains("last good config keeps serving");
        assertThat(css("#strategy").getAttribute("data-strategy")).isEqualTo("canary");
        assertThat(text("#upstreams")).contains(UPSTREAMS.v1().url()).contains(UPSTREAMS.v2().url());
        waitUntil("each instance with its share of the window", b -> instanceShares().size() == 2
                && instanceShares().stream().allMatch(share -> Double.parseDouble(share) > 0));

        assertThat(css("#connection").getAttribute("data-state")).as("the event stream stayed up").isEqualTo("live");

        assertThat(chromium.scriptErrors()).as("script errors").isEmpty();
        chromium.screenshot(SCREENSHOT);

        css("#stop").click();
        WebElement counts = css("#generator-counts");
        assertThat(Integer.parseInt(counts.getAttribute("data-ok"))).isGreaterThanOrEqualTo(60);
        assertThat(counts.getAttribute("data-failed")).isEqualTo("0");
        assertThat(css("#start").isEnabled()).isTrue();
    }

    /** Like {@link RoutingFiles#apply}, with room for a busy shared machine. */
    private static void apply(String yaml) throws IOException {
        RoutingFiles.write(yaml);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> yaml.equals(RestAssured.get("/gateway/status/yaml").asString()));
    }

    private void waitUntil(String what, Function<WebDriver, Boolean> condition) {
        chromium.waitUntil(what, condition);
    }

    private WebElement css(String selector) {
        return chromium.css(selector);
    }

    private String text(String selector) {
        return chromium.text(selector);
    }

    /** The share each instance row shows, read at one instant. */
    @SuppressWarnings("unchecked")
    private List<String> instanceShares() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#upstreams li[data-instance]')].map((li) => li.dataset.share);");
    }

    /** Every cell of the grid as "version status reason mark", read at one instant (cells come and go). */
    @SuppressWarnings("unchecked")
    private List<String> gridCells() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('#grid .cell')]"
                + ".map(c => [c.dataset.version, c.dataset.status, c.dataset.reason, c.textContent].join(' '))");
    }

    private int cells(String version) {
        return browser.findElements(By.cssSelector("#grid .cell[data-version='" + version + "']")).size();
    }

    /** The observed share the page shows for a group, or -1 while it shows none. */
    private double observed(String group) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#observed-split .split-row[data-group='" + group + "']"));
        return rows.isEmpty() ? -1 : Double.parseDouble(rows.get(0).getAttribute("data-observed"));
    }

    private static boolean nearHalf(double percent) {
        return percent >= 40 && percent <= 60;
    }
}
