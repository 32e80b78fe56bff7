package io.firebreak.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.postmortem.PostMortems;
import io.firebreak.server.store.FalsePositives;
import io.firebreak.server.store.PostMortemStore;
import io.firebreak.server.testing.ServiceHarness;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * {@code firebreak report --format html} opened from disk in a real headless Chromium: the file is
 * self-contained (no script, stylesheet or image from anywhere) and its three charts render as
 * labelled SVG with a bar per figure; a service name with markup shows as text.
 */
class ReportHtmlBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void theHtmlReportOpensOfflineAndShowsItsCharts() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("install chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        Path profile = Files.createTempDirectory("firebreak-chromium");
        ChromeDriverService driverService = null;
        WebDriver driver = null;
        try (ServiceHarness service = ServiceHarness.sqlite("""
                services:
                  - {name: agente-api, slo: 99.9}
                  - {name: "<b>billing</b>", slo: 99.5}
                """)) {
            for (String body : List.of("{\"title\": \"Database down\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}",
                    "{\"title\": \"Slow invoices\", \"severity\": \"SEV2\", \"service\": \"<b>billing</b>\"}")) {
                String id = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(service.post("/api/v1/incidents", ServiceHarness.RESPONDER, body).body()).path("id").asText();
                service.clock().advance(Duration.ofMinutes(25));
                assertThat(service.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(200);
            }
            var postMortems = PostMortems.of(service.service().config(), service.service().incidents(),
                    new PostMortemStore(service.service().database()));
            var report = Reports.build(service.service().config().config(), service.service().incidents(), postMortems,
                    new FalsePositives(service.service().database()), Duration.ofDays(30), service.clock().instant(), "30d");
            Path file = service.dir().resolve("report.html");
            String html = ReportHtml.document(report);
            Files.writeString(file, html);
            assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("<link").doesNotContain("<b>billing</b>");

            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toString());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile);
            driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
            driver = new ChromeDriver(driverService, options);
            driver.get(file.toUri().toString());

            List<WebElement> charts = driver.findElements(By.cssSelector("svg.chart[role=img]"));
            assertThat(charts).extracting(chart -> chart.getAttribute("id"))
                    .containsExactly("chart-incidents-per-month", "chart-time-to-resolve", "chart-error-budget");
            for (WebElement chart : charts) {
                assertThat(chart.getAttribute("aria-label")).isNotBlank();
                assertThat(chart.getSize().getWidth()).isGreaterThan(100);
                assertThat(chart.findElements(By.tagName("rect"))).isNotEmpty();
            }
            WebElement resolve = driver.findElement(By.id("chart-time-to-resolve"));
            assertThat(resolve.findElements(By.tagName("rect"))).hasSize(4);   // SEV1 and SEV2, median and p90 each
            assertThat(resolve.getText()).contains("SEV1 median").contains("25m");
            assertThat(driver.findElement(By.id("chart-error-budget")).getText()).contains("<b>billing</b>");
            assertThat(driver.findElement(By.id("kpis")).getText()).contains("MTTR SEV1 (median)").contains("False positives");
        } finally {
            if (driver != null) {
                driver.quit();
            }
            if (driverService != null) {
                driverService.stop();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
