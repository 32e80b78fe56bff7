package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notifications from the terminal: commands deliver what they queue; failures are listed and can be retried. */
class NotificationsCliTest {
    @TempDir
    Path dir;

    @Test
    void commandsDeliverWhatTheyQueueAndDeadLettersCanBeRetried() throws Exception {
        try (var hook = new StubHttpServer(r -> Response.json(401, "{\"error\":\"bad token\"}"))) {
            Files.writeString(dir.resolve("firebreak.yml"), """
                    channels:
                      - {name: hooks, type: webhook, url: "%s/hook?token=hook-token-secret"}
                    routes:
                      - {channels: [hooks], events: [opened, acknowledged, resolved]}
                    """.formatted(hook.url()));
            var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
            assertThat(cli.run("incident", "open", "--title", "Queue stuck", "--severity", "HIGH").out()).isEqualTo("INC-20261128-001\n");
            assertThat(hook.requests()).hasSize(1);   // sent before the command exited

            var failed = cli.run("notifications", "list", "--failed");
            assertThat(failed.out()).contains("INC-20261128-001:1:hooks  opened  dead   1")
                    .contains("HTTP 401: {\"error\":\"bad token\"}")
                    .doesNotContain("hook-token-secret");

            hook.respond(r -> Response.json(200, "{}"));
            var retried = cli.run("notifications", "retry", "INC-20261128-001:1:hooks");
            assertThat(retried.code()).as(retried.err()).isZero();
            assertThat(retried.out()).isEqualTo("INC-20261128-001:1:hooks: delivered\n");
            assertThat(cli.run("notifications", "list", "--failed").out()).isEqualTo("No notifications.\n");

            cli.run("incident", "ack", "INC-20261128-001");
            cli.run("incident", "note", "INC-20261128-001", "nobody", "hears", "this");
            assertThat(cli.run("notifications", "list", "--incident", "INC-20261128-001").out())
                    .contains(":2:hooks  acknowledged  delivered").doesNotContain(":3:hooks");
            assertThat(cli.run("notifications", "retry", "INC-20261128-001:2:hooks").err())
                    .contains("was delivered at");
            assertThat(cli.run("notifications", "retry", "nonsense").err()).contains("not a notification id");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aChangeBehindARetryingMessageDoesNotHangTheCommand() throws Exception {
        try (var hook = new StubHttpServer(r -> Response.text(503, "text/plain", "down"))) {
            Files.writeString(dir.resolve("firebreak.yml"), """
                    channels: [{name: hooks, type: webhook, url: "%s/hook"}]
                    routes: [{channels: [hooks]}]
                    """.formatted(hook.url()));
            var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
            assertThat(cli.run("incident", "open", "--title", "x", "--severity", "HIGH").code()).isZero();
            var ack = cli.run("incident", "ack", "INC-20261128-001");   // queued behind the retrying "opened"
            assertThat(ack.code()).isZero();
            assertThat(cli.run("notifications", "list").out()).contains(":1:hooks  opened        pending")
                    .contains(":2:hooks  acknowledged  pending");
        }
    }
}
