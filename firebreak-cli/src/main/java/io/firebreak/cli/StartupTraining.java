package io.firebreak.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A training run for the JVM's class-data archive ({@code bin/firebreak-archive}): runs the
 * everyday commands in one process against a throwaway SQLite store, so that the archive the JVM
 * writes at exit holds the classes (and, on JDK 25, the linked classes and method profiles) those
 * commands need. Nothing here is part of any command; the store and its directory are deleted.
 *
 * <p>{@code StartupTraining LIBRARY STORE} first copies SQLite's native library for this machine
 * out of the jar to LIBRARY: {@code bin/firebreak} then points the driver at it
 * ({@code org.sqlite.lib.path}), which otherwise extracts and compares a copy of it in the temp
 * directory on every start. It then trains on the SQLite file STORE, which
 * {@code StartupTraining --migrate STORE} made beforehand in a JVM of its own. The archive holds
 * every class the training loads, and the JVM loads all of them at every start: a training that
 * migrated its own store would make every command load Flyway's 450 classes, which a store that is
 * current never needs. Without arguments it trains on a new store, in one JVM.
 */
public final class StartupTraining {
    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--migrate")) {
            String url = "jdbc:sqlite:" + Path.of(args[1]).toAbsolutePath();
            io.firebreak.server.store.Database.openForCommand(new io.firebreak.server.config.StorageConfig(url, "", null, 1)).close();
            return;
        }
        if (args.length > 0) {
            copySqliteLibrary(Path.of(args[0]));
        }
        Path dir = Files.createTempDirectory("firebreak-training");
        Path store = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : dir.resolve("training.db");
        try {
            // A receiver that answers every other request with 503 + Retry-After, like Slack in trouble.
            var receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            var answered = new java.util.concurrent.atomic.AtomicInteger();
            receiver.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                boolean busy = answered.getAndIncrement() % 2 == 0;
                if (busy) {
                    exchange.getResponseHeaders().add("Retry-After", "0");
                }
                exchange.sendResponseHeaders(busy ? 503 : 200, -1);
                exchange.close();
            });
            receiver.start();
            int port = receiver.getAddress().getPort();
            Files.writeString(dir.resolve("firebreak.yml"), """
                    storage: {url: "jdbc:sqlite:%s"}
                    channels:
                      - {name: hook, type: webhook, url: "http://127.0.0.1:%d/hook"}
                    routes:
                      - {matchers: ['severity=~"SEV1|SEV2"'], channels: [hook]}
                      - {channels: [hook], events: [opened, resolved]}
                    """.formatted(store, port));
            Environment environment = new Environment(name -> name.equals("FIREBREAK_USER") ? "training" : System.getenv(name), dir,
                    Clock.systemUTC());
            List<List<String>> commands = List.of(
                    List.of("--version"),
                    List.of("--help"),
                    List.of("incident", "list"),
                    List.of("incident", "open", "--title", "training: checkout latency", "--severity", "SEV2", "--service", "checkout"),
                    List.of("incident", "list"),
                    List.of("incident", "list", "--open", "--json"),
                    List.of("incident", "ack", "%ID%"),
                    List.of("incident", "note", "%ID%", "looking"),
                    List.of("incident", "show", "%ID%"),
                    List.of("incident", "resolve", "%ID%", "-m", "done"),
                    List.of("notifications", "list"),
                    List.of("config", "check"));
            Main.prepareInBackground();   // as every command starts: what it runs is archived too
            String id = "";
            for (List<String> command : commands) {
                String current = id;
                String[] line = command.stream().map(word -> word.replace("%ID%", current)).toArray(String[]::new);
                java.io.StringWriter out = new java.io.StringWriter();
                PrintWriter discard = new PrintWriter(Writer.nullWriter());
                Main.commandLine(new RootCommand(environment, new PrintWriter(out), discard), line).execute(line);
                if (command.contains("open")) {
                    id = out.toString().strip();
                }
            }
            receiver.stop(0);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void copySqliteLibrary(Path target) throws IOException {
        String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
                + System.mapLibraryName("sqlitejdbc");
        try (var library = StartupTraining.class.getResourceAsStream(resource)) {
            if (library == null) {
                return;   // no library for this platform in the jar: the driver finds its own way, as without this
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.copy(library, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
