package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.Leases;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot command never waits on a receiver: at most one attempt per message, the rest stays in
 * the outbox; none at all while a live {@code firebreak run} shares the store. Real time here, not a
 * test clock: a command that waited for the receiver's Retry-After would take seconds.
 */
class OneShotDeliveryTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err, Duration took) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var environment = new Environment(Map.of("FIREBREAK_USER", "tester")::get, dir, Clock.systemUTC());
        var root = new RootCommand(environment, new PrintWriter(out, true), new PrintWriter(err, true));
        long started = System.nanoTime();
        int code = Main.commandLine(root, args).execute(args);
        return new Run(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - started));
    }

    private void configure(StubHttpServer hook) throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                storage: {url: "jdbc:sqlite:%s"}
                channels: [{name: hooks, type: webhook, url: "%s/hook"}]
                routes: [{channels: [hooks]}]
                """.formatted(dir.resolve("firebreak.db"), hook.url()));
    }

    private Database store() {
        return Database.openForCommand(new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), "", new Secret(""), 2));
    }

    @Test
    @Timeout(30)
    void aFailingReceiverGetsOneAttemptAndTheMessageStaysPending() throws Exception {
        try (var hook = new StubHttpServer(r -> Response.text(503, "text/plain", "busy").withRetryAfter("1"))) {
            configure(hook);
            Run open = run("incident", "open", "--title", "Checkout down", "--severity", "SEV1");
            assertThat(open.code()).as(open.err()).isZero();
            String id = open.out().strip();
            assertThat(open.took()).isLessThan(Duration.ofSeconds(3));   // the old drain waited up to 15 s for the retry
            assertThat(hook.requests()).hasSize(1);

            Run ack = run("incident", "ack", id);
            assertThat(ack.code()).as(ack.err()).isZero();
            assertThat(ack.took()).isLessThan(Duration.ofSeconds(3));
            assertThat(hook.requests()).hasSizeBetween(1, 2);   // the channel is paused for 1 s; at most the "opened" again

            try (Database database = store()) {
                var outbox = new OutboxStore(database);
                OutboxRow opened = outbox.find(id + ":1:hooks").orElseThrow();
                assertThat(opened.state()).isEqualTo(OutboxRow.PENDING);
                assertThat(opened.attempts()).isEqualTo(hook.requests().size());
                assertThat(opened.lastStatus()).isEqualTo(503);
                assertThat(opened.due()).isAfter(Instant.now().minusSeconds(1));
                assertThat(outbox.find(id + ":2:hooks").orElseThrow().state()).isEqualTo(OutboxRow.PENDING);
            }
        }
    }

    @Test
    @Timeout(30)
    void aLiveServiceDeliversInsteadOfTheCommand() throws Exception {
        try (var hook = new StubHttpServer(r -> Response.json(200, "{}"))) {
            configure(hook);
            assertThat(run("incident", "list").code()).isZero();   // creates the store
            var service = new Leases.InstanceRow("host:1:abc", "host", 1, "run", "test", Instant.now(), Instant.now());
            try (Database database = store()) {
                new Leases(database).heartbeat(service, Instant.now());
            }
            Run open = run("incident", "open", "--title", "Checkout down", "--severity", "SEV1");
            assertThat(open.code()).as(open.err()).isZero();
            String id = open.out().strip();
            assertThat(hook.requests()).isEmpty();
            try (Database database = store()) {
                OutboxRow row = new OutboxStore(database).find(id + ":1:hooks").orElseThrow();
                assertThat(row.state()).isEqualTo(OutboxRow.PENDING);
                assertThat(row.attempts()).isZero();
                // the service stopped beating a minute ago: commands deliver again
                new Leases(database).heartbeat(service, Instant.now().minus(Duration.ofMinutes(1)));
            }
            assertThat(run("incident", "ack", id).code()).isZero();
            assertThat(hook.requests()).hasSize(2);   // the waiting "opened", then the "acknowledged"
        }
    }
}
