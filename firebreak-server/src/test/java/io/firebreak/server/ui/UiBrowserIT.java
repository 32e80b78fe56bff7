package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.server.testing.ServiceHarness;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real headless Chromium at phone size: log in through the form, open an incident that
 * came from an Alertmanager webhook, acknowledge it, and see the status and timeline change. The
 * alert's script annotation must show as text and never run.
 */
class UiBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SCRIPT = "<script>alert(1)</script>";

    private static ServiceHarness harness;
    private static Path profile;
    private static ChromeDriverService driverService;
    private static WebDriver driver;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("install chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        harness = ServiceHarness.sqlite("");
        profile = Files.createTempDirectory("firebreak-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile);
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(driverService, options);
        driver.manage().window().setSize(new Dimension(412, 1400));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
            if (driverService != null) {
                driverService.stop();
            }
        } finally {
            if (harness != null) {
                harness.close();
            }
            if (profile != null) {
                try (var files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    @Test
    void responderLogsInOpensTheIncidentAndAcknowledgesIt() throws IOException {
        Incident incident = UiFixtures.openIncident(harness, "CheckoutErrors",
                Map.of("summary", "Checkout error rate above 5%", "description", SCRIPT), "http://prometheus.example:9090/graph?g0.expr=up");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));

        driver.get(harness.url("/"));
        wait.until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.id("token")).sendKeys(ServiceHarness.RESPONDER);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href='/incidents/" + incident.id() + "']"))).click();
        wait.until(ExpectedConditions.urlContains("/incidents/" + incident.id()));
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("TRIGGERED");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains(SCRIPT);
        assertThat(driver.findElements(By.cssSelector("#timeline li"))).hasSize(1);

        driver.findElement(By.id("acknowledge")).click();

        wait.until(ExpectedConditions.textToBe(By.id("status"), "ACKNOWLEDGED"));
        assertThat(driver.findElements(By.cssSelector("#timeline li"))).hasSize(2);
        assertThat(driver.findElement(By.id("timeline")).getText()).contains("acknowledged").contains("by alice");
        assertThat(driver.findElements(By.id("acknowledge"))).isEmpty();
        assertThat(harness.service().incidents().find(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(driver.findElement(By.tagName("body")).getText()).contains(SCRIPT);
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("/tmp/firebreak-ui.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(shot);
    }
}
