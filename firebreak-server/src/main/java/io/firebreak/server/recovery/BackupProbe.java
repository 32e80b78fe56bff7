package io.firebreak.server.recovery;

import io.firebreak.core.recovery.Freshness;
import io.firebreak.server.config.BackupSourceConfig;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.prometheus.QueryResult;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads the time of a backup's newest copy from its source. Every failure becomes an unhealthy
 * {@link Freshness} with a reason a person can act on; nothing here throws, so one broken source never
 * stops the others.
 */
public final class BackupProbe {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path baseDir;
    private final Optional<PrometheusClient> prometheus;

    /**
     * @param baseDir    the config file's directory: relative globs resolve against it
     * @param prometheus for {@code prometheus} sources (empty when no Prometheus is configured)
     */
    public BackupProbe(Path baseDir, Optional<PrometheusClient> prometheus) {
        this.baseDir = baseDir;
        this.prometheus = prometheus;
    }

    /** The newest copy of {@code target}'s source judged against its RPO at {@code now}. */
    public Freshness check(BackupTargets.Target target, Instant now) {
        BackupSourceConfig source = target.backup().source();
        Duration rpo = target.rpo();
        try {
            return switch (source.type()) {
                case "file" -> file(source, rpo, now);
                case "command" -> command(source, rpo, now);
                case "prometheus" -> prometheus(source, rpo, now);
                case "postgres_wal" -> postgresWal(source, rpo, now);
                default -> Freshness.unhealthy(rpo, "unknown source type '" + source.type() + "'");
            };
        } catch (RuntimeException e) {
            return Freshness.unhealthy(rpo, "cannot read the source: " + e.getMessage());
        }
    }

    /** The newest file matching the source's glob, or empty when none does. */
    public Optional<Path> newestFile(BackupSourceConfig source) throws IOException {
        Path pattern = baseDir.resolve(source.path()).normalize();
        Path root = pattern.getRoot();
        Path base = root;
        int depth = 0;
        boolean inGlob = false;
        for (Path part : pattern) {
            if (!inGlob && !part.toString().matches(".*[*?\\[{].*")) {
                base = base.resolve(part);
            } else {
                inGlob = true;
                depth = part.toString().contains("**") ? Integer.MAX_VALUE : depth == Integer.MAX_VALUE ? depth : depth + 1;
            }
        }
        if (!inGlob) {
            return Files.isRegularFile(pattern) ? Optional.of(pattern) : Optional.empty();
        }
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.toString().replace("\\", "\\\\"));
        Comparator<Path> byTime = Comparator.comparing(path -> source.nameTime()
                ? Timestamps.inName(path.getFileName().toString()).orElse(Instant.MIN) : modified(path));
        try (Stream<Path> files = Files.walk(base, depth)) {
            return files.filter(Files::isRegularFile).filter(matcher::matches).max(byTime);
        }
    }

    private Freshness file(BackupSourceConfig source, Duration rpo, Instant now) {
        Optional<Path> newest;
        try {
            newest = newestFile(source);
        } catch (IOException | java.io.UncheckedIOException e) {
            return Freshness.unhealthy(rpo, "cannot list " + source.path() + ": " + e.getMessage());
        }
        if (newest.isEmpty()) {
            return Freshness.unhealthy(rpo, "no file matches " + source.path());
        }
        Path path = newest.get();
        Instant time;
        if (source.nameTime()) {
            Optional<Instant> inName = Timestamps.inName(path.getFileName().toString());
            if (inName.isEmpty()) {
                return Freshness.unhealthy(rpo, "no timestamp in the name of " + path);
            }
            time = inName.get();
        } else {
            time = modified(path);
        }
        return Freshness.judge(time, rpo, now, path.toString());
    }

    private static Instant modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Freshness command(BackupSourceConfig source, Duration rpo, Instant now) {
        ProcessRun run = ProcessRun.run(source.command(), java.util.Map.of(), baseDir, COMMAND_TIMEOUT);
        if (!run.succeeded()) {
            return Freshness.unhealthy(rpo, run.failure("command"));
        }
        for (String line : run.stdout().lines().toList()) {
            Optional<Instant> time = Timestamps.parse(line);
            if (time.isPresent()) {
                return Freshness.judge(time.get(), rpo, now, "printed " + line.strip());
            }
        }
        String printed = ProcessRun.lastLine(run.stdout());
        return Freshness.unhealthy(rpo, "command printed no timestamp" + (printed.isEmpty() ? "" : ": " + printed));
    }

    private Freshness prometheus(BackupSourceConfig source, Duration rpo, Instant now) {
        if (prometheus.isEmpty()) {
            return Freshness.unhealthy(rpo, "no prometheus.urls configured");
        }
        QueryResult result = prometheus.get().query(source.query(), now);
        if (result instanceof QueryResult.Failure failure) {
            return Freshness.unhealthy(rpo, "query failed (" + failure.kind() + "): " + failure.reason());
        }
        var samples = ((QueryResult.Samples) result).samples();
        if (samples.isEmpty()) {
            return Freshness.unhealthy(rpo, "query returned no sample");
        }
        double newest = samples.stream().mapToDouble(io.firebreak.core.rule.Sample::value).max().orElseThrow();
        if (Double.isNaN(newest) || newest <= 0) {
            return Freshness.unhealthy(rpo, "query returned " + newest + ", not a time");
        }
        return Freshness.judge(Instant.ofEpochMilli(Math.round(newest * 1000)), rpo, now, "query " + source.query());
    }

    private Freshness postgresWal(BackupSourceConfig source, Duration rpo, Instant now) {
        Properties properties = new Properties();
        if (!source.username().isEmpty()) {
            properties.setProperty("user", source.username());
        }
        if (!source.password().isEmpty()) {
            properties.setProperty("password", source.password().value());
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "30");
        try (Connection connection = DriverManager.getConnection(source.url(), properties);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "select last_archived_time, last_archived_wal, failed_count, last_failed_time, last_failed_wal from pg_stat_archiver")) {
            if (!row.next()) {
                return Freshness.unhealthy(rpo, "pg_stat_archiver returned no row");
            }
            Timestamp archived = row.getTimestamp(1);
            long failed = row.getLong(3);
            Timestamp failedAt = row.getTimestamp(4);
            String failures = failed == 0 ? "" : ", " + failed + " failed (last " + row.getString(5) + " at " + failedAt.toInstant() + ")";
            if (archived == null) {
                return Freshness.unhealthy(rpo, "nothing archived yet (is archive_mode on?)" + failures);
            }
            return Freshness.judge(archived.toInstant(), rpo, now, "last archived " + row.getString(2) + failures);
        } catch (SQLException e) {
            return Freshness.unhealthy(rpo, "cannot read pg_stat_archiver: " + e.getMessage());
        }
    }
}
