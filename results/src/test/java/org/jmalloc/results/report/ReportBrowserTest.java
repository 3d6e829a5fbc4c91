package org.jmalloc.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report in a real browser: Debian's Chromium driven through chromedriver (both found on the
 * PATH) loads the demo site from disk and from {@link SiteServer} (with Jenkins' content security
 * policy), and every page must have its title, every image must have loaded (natural width above
 * 0) and the browser console must hold no error (a CSP violation or a missing file is one).
 * Screenshots go to {@code target/report-screenshots/}.
 *
 * <p>Skipped, with a message saying what to install, only where chromium or chromedriver is not
 * on the PATH ({@code .ci/run} installs both).
 */
class ReportBrowserTest {

    static final Path SITE = Path.of("target/browser-site");
    static final Path SHOTS = Path.of("target/report-screenshots");

    private static ChromeDriver driver;

    @BeforeAll
    static void startChromium() throws IOException {
        Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
                "real-browser test skipped: " + (chromium.isEmpty() ? "chromium" : "chromedriver")
                        + " is not on the PATH; install Debian's chromium and chromium-driver"
                        + " (apt-get install chromium chromium-driver) to run it");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        Path profile = Files.createTempDirectory("report-browser-profile");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1200,900", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);

        ReportSiteTest.build(DemoHistory.snapshot(1, DemoHistory.LATENCY, List.of()), SITE);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void everyPageFromDisk_hasItsTitleAndItsImagesAndNoConsoleError() throws IOException {
        int images = 0;
        for (Path page : pages()) {
            images += check(page.toUri().toString(), page.getFileName().toString());
        }
        assertTrue(images >= 3, "the pages show the demo's charts, found " + images + " images");
    }

    @Test
    void siteServedWithJenkinsContentSecurityPolicy_showsWholeWithoutConsoleError() throws IOException {
        try (SiteServer server = SiteServer.start(SITE, 0)) {
            for (Path page : pages()) {
                String relative = SITE.toAbsolutePath().relativize(page.toAbsolutePath()).toString();
                check(server.uri().resolve(relative).toString(), "served-" + page.getFileName());
            }
        }
    }

    /** Loads a page and checks it; returns its number of images. */
    private int check(String url, String shotName) throws IOException {
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        driver.get(url);
        String title = driver.getTitle();
        assertTrue(title.endsWith(IndexPage.TITLE), url + " has the title '" + title + "'");
        @SuppressWarnings("unchecked")
        List<List<Object>> images = (List<List<Object>>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.images).map(i => [i.currentSrc, i.complete, i.naturalWidth]);");
        for (List<Object> image : images) {
            assertTrue(((Number) image.get(2)).longValue() > 0, url + ": image " + image.get(0) + " did not load");
        }
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), errors, url + " logged console errors");
        Files.write(SHOTS.resolve(shotName.replace(".html", ".png")), driver.getScreenshotAs(OutputType.BYTES));
        return images.size();
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.walk(SITE)) {
            return files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    private static Optional<Path> onPath(String... names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate) && Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
