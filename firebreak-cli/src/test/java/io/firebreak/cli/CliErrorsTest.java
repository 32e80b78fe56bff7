package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliErrorsTest {
    @TempDir
    Path dir;

    CliRunner cli() {
        return new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
    }

    @Test
    void malformedConfigGivesFileAndLine() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), "storage:\n  url: jdbc:sqlite:x.db\n  username: [oops\n");
        var result = cli().run("incident", "list");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("firebreak: firebreak.yml:4: invalid YAML: expected ',' or ']'");
    }

    @Test
    void unknownConfigKeyGivesLineAndSuggestion() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), "storage:\n  url: jdbc:sqlite:x.db\ndetecton:\n  interval: 30s\n");
        var result = cli().run("config", "check");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("firebreak: firebreak.yml:3: detecton: unknown key 'detecton' (did you mean 'detection'?)\n");
        assertThat(dir.resolve("x.db")).doesNotExist();
    }

    @Test
    void configCheckPassesAndNamesTheStore() throws Exception {
        Files.writeString(dir.resolve("custom.yml"), "storage:\n  url: jdbc:sqlite:./state/fb.db\n");
        var result = cli().run("config", "check", "-c", "custom.yml");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("custom.yml: OK\n  storage    jdbc:sqlite:" + dir.resolve("state/fb.db"));
    }

    @Test
    void configFromEnvironmentVariableIsUsed() throws Exception {
        Files.writeString(dir.resolve("env.yml"), "storage:\n  url: mysql://db\n");
        var cli = cli();
        cli.env.put("FIREBREAK_CONFIG", "env.yml");
        var result = cli.run("config", "check");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("firebreak: env.yml:2: storage.url: unsupported scheme 'mysql' (use jdbc:sqlite: or jdbc:postgresql:)\n");
    }

    @Test
    void unreachableDatabaseExitsThreeWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("firebreak.yml"), "storage:\n  url: jdbc:postgresql://127.0.0.1:" + port
                + "/firebreak\n  username: firebreak\n  password: ${DB_PASS}\n");
        var cli = cli();
        cli.env.put("DB_PASS", "correct-horse-battery");
        var result = cli.run("incident", "open", "--title", "x", "--severity", "LOW");
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).startsWith("firebreak: cannot reach the database at jdbc:postgresql://127.0.0.1:" + port + "/firebreak:")
                .doesNotContain("correct-horse-battery");
    }

    @Test
    void everyCommandHasHelp() {
        List<String> failures = new ArrayList<>();
        var root = cli();
        var sink = new java.io.PrintWriter(new java.io.StringWriter());
        walk(Main.commandLine(new RootCommand(null, sink, sink)), new ArrayList<>(), path -> {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            var result = root.run(args.toArray(String[]::new));
            if (result.code() != 0 || !result.out().contains("Usage: firebreak")) {
                failures.add(String.join(" ", args) + " -> " + result.code() + " " + result.err());
            }
        });
        assertThat(failures).isEmpty();
    }

    private static void walk(CommandLine command, List<String> path, java.util.function.Consumer<List<String>> visit) {
        visit.accept(path);
        for (var entry : command.getSubcommands().entrySet()) {
            List<String> child = new ArrayList<>(path);
            child.add(entry.getKey());
            walk(entry.getValue(), child, visit);
        }
    }
}
