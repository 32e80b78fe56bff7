package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mail server that takes the connection and then says nothing (an overloaded relay does this)
 * holds a one-shot command no longer than its request timeout: the service's SMTP timeouts are
 * 10 s, a command's are {@link Session#REQUEST_TIMEOUT}.
 */
class OneShotSmtpTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void aSilentMailServerHoldsACommandNoLongerThanItsRequestTimeout() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());   // accepted, never greeted
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            Files.writeString(dir.resolve("firebreak.yml"), """
                    storage: {url: "jdbc:sqlite:%s"}
                    channels:
                      - {name: mail, type: email, from: firebreak@example.com, to: [ops@example.com],
                         smtp: {host: 127.0.0.1, port: %d, tls: none}}
                    routes: [{channels: [mail]}]
                    """.formatted(dir.resolve("firebreak.db"), silent.getLocalPort()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var root = new RootCommand(new Environment(Map.of("FIREBREAK_USER", "tester")::get, dir, Clock.systemUTC()),
                    new PrintWriter(out, true), new PrintWriter(err, true));
            String[] list = {"incident", "list"};
            assertThat(Main.commandLine(root, list).execute(list)).isZero();   // creates the store: not what is timed
            String[] args = {"incident", "open", "--title", "Mail relay test", "--severity", "SEV1"};
            out.getBuffer().setLength(0);
            long started = System.nanoTime();
            int code = Main.commandLine(root, args).execute(args);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(code).as(err.toString()).isZero();
            assertThat(held).hasSize(1);   // one attempt
            // 2 s for the greeting that never comes, plus the command itself; the service's 10 s would show here
            assertThat(took).isLessThan(Session.REQUEST_TIMEOUT.plusSeconds(3));
            String id = out.toString().strip();
            try (Database database = Database.openForCommand(
                    new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), "", new Secret(""), 2))) {
                OutboxRow row = new OutboxStore(database).find(id + ":1:mail").orElseThrow();
                assertThat(row.state()).isEqualTo(OutboxRow.PENDING);   // left for the service or the next command
                assertThat(row.attempts()).isEqualTo(1);
            }
            silent.close();
            acceptor.join(Duration.ofSeconds(5));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
