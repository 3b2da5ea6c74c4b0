package dev.rolloutlab.gateway.ui;

import dev.rolloutlab.testing.Requires;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through its chromedriver (never Selenium Manager, which
 * would go to the network for a driver), with a throw-away profile; and the few ways the UI
 * tests look at a page. Every page it opens records its uncaught script errors, so a test can
 * check that nothing broke.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    private static final String INSTALL = "apt-get install -y chromium chromium-driver";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Path profileDir;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profileDir, ChromeDriver driver) {
        this.profileDir = profileDir;
        this.driver = driver;
    }

    static HeadlessChromium open() throws IOException {
        // Skipped where the browser is missing (REQUIRE_ALL=true, as CI sets, makes it a failure).
        Requires.tool("chromium", CHROMIUM, INSTALL);
        Requires.tool("chromedriver", CHROMEDRIVER, INSTALL);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profileDir = Files.createTempDirectory("ui-test-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profileDir, "--window-size=1600,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        HeadlessChromium chromium = new HeadlessChromium(profileDir, new ChromeDriver(service, options));
        chromium.beforeEveryPage("window.scriptErrors = [];"
                + "window.addEventListener('error', (e) => window.scriptErrors.push(e.message));"
                + "window.addEventListener('unhandledrejection', (e) => window.scriptErrors.push(String(e.reason)));");
        return chromium;
    }

    WebDriver driver() {
        return driver;
    }

    void get(String url) {
        driver.get(url);
    }

    /** Runs {@code script} in every page this browser opens from now on, before the page's own scripts. */
    void beforeEveryPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** Uncaught errors and rejected promises of the page's scripts since it was opened. */
    @SuppressWarnings("unchecked")
    List<String> scriptErrors() {
        return (List<String>) script("return window.scriptErrors || ['the error recorder did not run']");
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void waitUntil(String what, Function<WebDriver, Boolean> condition) {
        waitUntil(what, PATIENCE, condition);
    }

    void waitUntil(String what, Duration atMost, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, atMost, Duration.ofMillis(200)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement css(String selector) {
        return driver.findElement(By.cssSelector(selector));
    }

    List<WebElement> all(String selector) {
        return driver.findElements(By.cssSelector(selector));
    }

    /** The element's text; found again when a refresh replaced it between finding and reading. */
    String text(String selector) {
        for (int attempt = 1; ; attempt++) {
            try {
                return css(selector).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * An attribute of the first element matching {@code selector}, or null when none does; read
     * in one script, so an element a redraw replaces meanwhile cannot go stale in between.
     */
    String attribute(String selector, String name) {
        return (String) script("const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
                selector, name);
    }

    void screenshot(Path file) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profileDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
