package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silences from the terminal: add, list, expire; a silenced incident is recorded and notifies when the silence ends early. */
class SilenceCliTest {
    @TempDir
    Path dir;

    @Test
    void silenceHoldsNotificationsBackUntilItIsExpired() throws Exception {
        try (var hook = new StubHttpServer(r -> Response.json(200, "{}"))) {
            Files.writeString(dir.resolve("firebreak.yml"), """
                    channels: [{name: hooks, type: webhook, url: "%s/hook"}]
                    routes: [{channels: [hooks]}]
                    """.formatted(hook.url()));
            var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
            var added = cli.run("silence", "add", "--match", "service=agente-api", "--for", "2h", "--comment", "db maintenance", "--by", "alice");
            assertThat(added.code()).as(added.err()).isZero();
            String id = added.out().strip();
            assertThat(id).matches("SIL-[0-9a-f]{8}");
            assertThat(cli.run("silence", "list").out()).contains(id + "  active  2026-11-28 05:00:00Z  alice  service=\"agente-api\"  db maintenance");

            cli.run("incident", "open", "--title", "Slow queries", "--severity", "MEDIUM", "--service", "agente-api");
            assertThat(hook.requests()).isEmpty();
            assertThat(cli.run("incident", "show", "INC-20261128-001").out()).contains("Notifications held back: silenced by " + id);
            assertThat(cli.run("notifications", "list").out()).contains("held").contains("held until 2026-11-28 05:00:00Z").contains("silenced by " + id);

            cli.clock.advance(Duration.ofMinutes(10));
            assertThat(cli.run("silence", "expire", id).out()).isEqualTo(id + " expired\n");
            assertThat(hook.requests()).hasSize(1);
            assertThat(cli.run("silence", "list").out()).isEqualTo("No silences.\n");
            assertThat(cli.run("silence", "list", "--all").out()).contains(id + "  expired");

            assertThat(cli.run("silence", "add", "--match", "service=~\"(\"", "--for", "1h", "--comment", "x").err())
                    .contains("--match: invalid regex");
            assertThat(cli.run("silence", "expire", "SIL-00000000").code()).isEqualTo(1);
        }
    }
}
