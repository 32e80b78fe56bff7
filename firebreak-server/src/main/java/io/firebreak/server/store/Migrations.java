package io.firebreak.server.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a store already has every migration this build ships, answered without Flyway: Flyway
 * loads some 400 classes and scans the classpath before it can say "nothing to do", which costs a
 * one-shot command more than everything else it does. The answer compares the scripts under
 * {@value #LOCATION} with the successful rows of Flyway's own history table; anything it cannot
 * tell for sure (no history table, a failed migration, a repeatable script, a classpath it cannot
 * list) counts as "not current", and then Flyway runs as always and has the last word.
 */
final class Migrations {
    /** Where the migrations are, on the classpath. */
    static final String LOCATION = "db/migration";

    private Migrations() {}

    /**
     * The file names of the versioned migrations on the classpath ({@code V0001__incidents.sql},
     * ...); empty when they cannot be listed, or when a repeatable ({@code R__}) one is among them,
     * since only Flyway knows whether that one changed.
     */
    static Optional<Set<String>> shipped(ClassLoader loader) {
        Set<String> scripts = new HashSet<>();
        try {
            Enumeration<URL> locations = loader.getResources(LOCATION);
            if (!locations.hasMoreElements()) {
                return Optional.empty();
            }
            while (locations.hasMoreElements()) {
                URL location = locations.nextElement();
                switch (location.getProtocol()) {
                    case "file" -> {
                        try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
                            files.forEach(file -> scripts.add(file.getFileName().toString()));
                        }
                    }
                    case "jar" -> {
                        JarURLConnection jar = (JarURLConnection) location.openConnection();
                        String entry = jar.getEntryName();
                        String prefix = entry.endsWith("/") ? entry : entry + "/";
                        jar.getJarFile().stream().map(java.util.jar.JarEntry::getName)
                                .filter(name -> name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0)
                                .forEach(name -> scripts.add(name.substring(prefix.length())));
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        scripts.removeIf(name -> !name.endsWith(".sql"));
        if (scripts.isEmpty() || scripts.stream().anyMatch(name -> !name.startsWith("V"))) {
            return Optional.empty();
        }
        return Optional.of(Set.copyOf(scripts));
    }

    /**
     * Whether every one of {@code scripts} is recorded as applied in {@code flyway_schema_history}
     * and no migration there failed. A store without that table (new, or not Firebreak's) is not.
     */
    static boolean applied(Connection connection, Set<String> scripts) {
        Set<String> applied = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT script, success FROM flyway_schema_history")) {
            while (rows.next()) {
                if (!rows.getBoolean("success")) {
                    return false;
                }
                applied.add(rows.getString("script"));
            }
        } catch (SQLException e) {
            return false;   // no history table: let Flyway create the schema (or report why it cannot)
        } finally {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();   // PostgreSQL: a failed statement leaves the transaction unusable
                }
            } catch (SQLException e) {
                // the connection is broken: the next statement on it says so
            }
        }
        return applied.containsAll(scripts);
    }
}
