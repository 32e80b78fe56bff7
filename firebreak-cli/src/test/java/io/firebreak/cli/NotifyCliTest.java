package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notify render (the seed's four templates, overridable, checked at start) and notify test. */
class NotifyCliTest {
    @TempDir
    Path dir;

    @Test
    void rendersTheSeedsTemplatesFromAnIncidentAndHonoursOverrides() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), "server: {external_url: 'https://fb.example.com'}\n");
        var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
        cli.run("incident", "open", "--title", "Database down", "--severity", "CRITICAL", "--service", "agente-api",
                "--runbook", "docs/runbooks/01-database-down.md");
        cli.run("incident", "assign", "INC-20261128-001", "--commander", "carol");

        var alert = cli.run("notify", "render", "internal-alert", "INC-20261128-001");
        assertThat(alert.code()).as(alert.err()).isZero();
        assertThat(alert.out()).contains("INCIDENT DETECTED - SEV1").contains("Incident ID: INC-20261128-001")
                .contains("Severity: CRITICAL").contains("Service: agente-api").contains("Detected: 03:00 UTC")
                .contains("Responder: @carol").contains("Runbook: docs/runbooks/01-database-down.md")
                .contains("Incident: https://fb.example.com/incidents/INC-20261128-001");
        assertThat(cli.run("notify", "render", "status-investigating", "INC-20261128-001").out())
                .startsWith("We are currently investigating reports of problems with agente-api.")
                .contains("update within 30 minutes");
        assertThat(cli.run("notify", "render", "user-email", "INC-20261128-001").out())
                .startsWith("Subject: agente-api Incident Update - 2026-11-28").contains("- Duration: 2026-11-28 03:00 UTC to ongoing");
        assertThat(cli.run("notify", "render", "management-update", "INC-20261128-001").out())
                .contains("INCIDENT UPDATE: INC-20261128-001").contains("Severity: SEV1").contains("Incident commander: carol");
        assertThat(cli.run("notify", "render", "tweet", "INC-20261128-001").err()).contains("unknown template 'tweet'");

        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/status-investigating.mustache"), "{{service}} is having trouble ({{sev}}).\n");
        assertThat(cli.run("notify", "render", "status-investigating", "INC-20261128-001").out()).isEqualTo("agente-api is having trouble (SEV1).\n");

        Files.writeString(dir.resolve("templates/user-email.mustache"), "Dear customer,\n{{#service}}\nunclosed\n");
        var check = cli.run("config", "check");
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.err()).startsWith("firebreak: " + dir.resolve("templates/user-email.mustache") + ":")
                .contains("template syntax error");
    }

    @Test
    void testSendsThroughTheChannelAndSaysWhatTheReceiverAnswered() throws Exception {
        try (var slack = new StubHttpServer(r -> Response.text(200, "text/plain", "ok"))) {
            Files.writeString(dir.resolve("firebreak.yml"), """
                    channels:
                      - {name: slack, type: slack, url: "%s/services/T/B/secret-path"}
                      - {name: gone, type: slack, url: "%s/gone"}
                    """.formatted(slack.url(), slack.url()));
            var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
            assertThat(cli.run("notify", "test", "slack").out()).isEqualTo("slack: delivered\n");
            assertThat(slack.requests()).singleElement().satisfies(r -> assertThat(r.body()).contains("Firebreak test message"));

            slack.respond(r -> Response.text(404, "text/plain", "channel_not_found"));
            var failed = cli.run("notify", "test", "gone");
            assertThat(failed.code()).isEqualTo(1);
            assertThat(failed.err()).isEqualTo("firebreak: gone: HTTP 404: channel_not_found (permanent: check the channel's settings)\n");
            assertThat(cli.run("notify", "test", "nope").err()).contains("no channel 'nope' (configured: slack, gone)");

            // the channels' wording is a template too, per channel and event, escaped for Slack
            Files.createDirectories(dir.resolve("templates"));
            Files.writeString(dir.resolve("templates/slack.opened.mustache"), "NEW {{sev}} <{{title}}> on {{service}}: {{incident_url}}");
            slack.respond(r -> Response.text(200, "text/plain", "ok"));
            assertThat(cli.run("notify", "test", "slack").code()).isZero();
            assertThat(slack.requests().get(slack.requests().size() - 1).body())
                    .contains("NEW SEV4 <Firebreak test message: nothing is wrong> on firebreak");
            Files.writeString(dir.resolve("templates/slack.mustache"), "{{#broken}}");
            var check = cli.run("config", "check");
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.err()).contains(dir.resolve("templates/slack.mustache") + ":1: template syntax error");
        }
    }
}
