package io.firebreak.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.WallClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager's own CLI, {@code amtool} (Debian package {@code prometheus-alertmanager}), pointed at
 * Firebreak with a bearer token: it adds an alert (which opens an incident), queries alerts, adds,
 * queries and expires a silence, unchanged.
 */
class AmtoolIT {
    private static final Path AMTOOL = Path.of("/usr/bin/amtool");

    private ServiceHarness harness;
    private WallClock wallClock;
    private Path home;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(AMTOOL)) {
            throw new IllegalStateException("amtool is needed for this test: run .ci/run, or apt-get install prometheus-alertmanager");
        }
        harness = ServiceHarness.sqlite("");
        wallClock = WallClock.follow(harness.clock());   // amtool stamps silences with the real time
        home = Files.createTempDirectory("firebreak-amtool");
        Files.writeString(home.resolve("http.yml"), """
                authorization:
                  type: Bearer
                  credentials: "%s"
                """.formatted(ServiceHarness.RESPONDER));
    }

    @AfterEach
    void stop() throws IOException {
        wallClock.close();
        harness.close();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private record Run(int exit, String out, String err) {}

    private Run amtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AMTOOL.toString(), "--alertmanager.url=" + harness.url(""),
                "--http.config.file=" + home.resolve("http.yml")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(home.resolve("out.txt").toFile())
                .redirectError(home.resolve("err.txt").toFile());
        builder.environment().put("HOME", home.toString());   // no ~/.config/amtool/config.yml of the developer's
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("amtool " + String.join(" ", args) + " did not finish in 30 s");
        }
        return new Run(process.exitValue(), Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private Run ok(String... args) throws IOException, InterruptedException {
        Run run = amtool(args);
        assertThat(run.exit()).as("amtool %s: %s%s", String.join(" ", args), run.out(), run.err()).isZero();
        return run;
    }

    @Test
    void amtoolAddsAndQueriesAlertsAndManagesSilences() throws Exception {
        ok("alert", "add", "alertname=AmtoolDiskFull", "severity=critical", "service=agente-api",
                "--annotation=summary=Disk almost full on db-1");

        assertThat(harness.changes()).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(IncidentChange.Kind.OPENED);
            assertThat(change.incident().title()).contains("Disk almost full on db-1");
        });
        assertThat(ok("alert", "query").out()).contains("AmtoolDiskFull", "Disk almost full on db-1", "active");
        assertThat(ok("alert", "query", "service=~agente.*").out()).contains("AmtoolDiskFull");
        assertThat(ok("alert", "query", "alertname=Other").out()).doesNotContain("AmtoolDiskFull");

        String id = ok("silence", "add", "alertname=AmtoolDiskFull", "--comment=replacing the disk", "--duration=1h").out().strip();

        assertThat(id).startsWith("SIL-");
        assertThat(ok("silence", "query").out()).contains(id, "alertname=\"AmtoolDiskFull\"", "replacing the disk", System.getProperty("user.name"));   // amtool's --author default
        assertThat(ok("silence", "query", "-q").out().strip()).isEqualTo(id);
        assertThat(harness.service().silences().list(harness.clock().instant(), false)).singleElement()
                .satisfies(silence -> assertThat(silence.id()).isEqualTo(id));
        // amtool shows active alerts only by default; a silenced alert is suppressed, shown with --silenced.
        assertThat(ok("alert", "query").out()).doesNotContain("AmtoolDiskFull");
        assertThat(ok("alert", "query", "--silenced").out()).contains("AmtoolDiskFull", "suppressed");

        ok("silence", "expire", id);

        assertThat(ok("silence", "query").out()).doesNotContain(id);
        assertThat(ok("silence", "query", "--expired").out()).contains(id);
        assertThat(harness.service().silences().list(harness.clock().instant(), false)).isEmpty();
        assertThat(ok("alert", "query").out()).contains("AmtoolDiskFull");
    }

    @Test
    void amtoolReportsRefusalsWithANonZeroExit() throws Exception {
        Files.writeString(home.resolve("http.yml"), """
                authorization:
                  type: Bearer
                  credentials: "%s"
                """.formatted(ServiceHarness.VIEWER));

        Run refused = amtool("silence", "add", "alertname=X", "--comment=viewer may not", "--duration=1h");

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("403");
        assertThat(harness.service().silences().list(harness.clock().instant(), true)).isEmpty();
        assertThat(amtool("silence", "expire", "SIL-00000000").exit()).isNotZero();
    }
}
