package io.firebreak.server.recovery;

import io.firebreak.core.recovery.CheckExpectation;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.BackupVerifyConfig;
import io.firebreak.server.store.RecoveryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * Proves a backup restores: runs the configured restore with the newest backup file in
 * {@code FIREBREAK_BACKUP_FILE}, runs each check against the restored copy, always runs the cleanup, and
 * records the result with its measured duration. The duration is measured with a monotonic timer (a real
 * elapsed time, not a decision); {@code now} is when the verification is recorded as started and what
 * "younger than" checks compare with.
 */
public final class BackupVerifier {
    public static final String FILE_VARIABLE = "FIREBREAK_BACKUP_FILE";

    private final BackupProbe probe;
    private final RecoveryStore store;
    private final Path workingDir;
    private final LongSupplier nanoTime;

    public BackupVerifier(BackupProbe probe, RecoveryStore store, Path workingDir, LongSupplier nanoTime) {
        this.probe = probe;
        this.store = store;
        this.workingDir = workingDir;
        this.nanoTime = nanoTime;
    }

    /** Verifies {@code target} (which must have {@code verify:}) and records the outcome. */
    public RecoveryStore.Verification verify(BackupTargets.Target target, Instant now, String trigger) {
        BackupVerifyConfig verify = target.backup().verification()
                .orElseThrow(() -> new IllegalArgumentException("backup " + target.name() + " has no verify:"));
        long start = nanoTime.getAsLong();
        List<RecoveryStore.CheckOutcome> outcomes = new ArrayList<>();
        String file = "";
        String reason = "";
        try {
            if (target.backup().source().type().equals("file")) {
                Optional<Path> newest = probe.newestFile(target.backup().source());
                if (newest.isEmpty()) {
                    reason = "no backup file matches " + target.backup().source().path();
                } else {
                    file = newest.get().toString();
                }
            }
            if (reason.isEmpty()) {
                ProcessRun restore = ProcessRun.run(verify.restore(), file.isEmpty() ? Map.of() : Map.of(FILE_VARIABLE, file), workingDir,
                        verify.timeout());
                if (!restore.succeeded()) {
                    reason = restore.failure("restore");
                }
            }
            if (reason.isEmpty()) {
                reason = checks(target, verify, now, outcomes);
            }
        } catch (IOException | RuntimeException e) {
            reason = reason.isEmpty() ? "verification failed: " + e.getMessage() : reason;
        } finally {
            if (!verify.cleanup().isEmpty()) {
                ProcessRun cleanup = ProcessRun.run(verify.cleanup(), file.isEmpty() ? Map.of() : Map.of(FILE_VARIABLE, file), workingDir,
                        verify.timeout());
                if (!cleanup.succeeded() && reason.isEmpty()) {
                    reason = cleanup.failure("cleanup");
                }
            }
        }
        Duration duration = Duration.ofNanos(nanoTime.getAsLong() - start);
        return store.recordVerification(target.name(), now, duration, reason.isEmpty(), reason, file, outcomes, trigger);
    }

    private String checks(BackupTargets.Target target, BackupVerifyConfig verify, Instant now, List<RecoveryStore.CheckOutcome> outcomes) {
        if (verify.checks().isEmpty()) {
            return "";
        }
        Properties properties = new Properties();
        if (!verify.database().username().isEmpty()) {
            properties.setProperty("user", verify.database().username());
        }
        if (!verify.database().password().isEmpty()) {
            properties.setProperty("password", verify.database().password().value());
        }
        properties.setProperty("connectTimeout", "10");
        String firstFailure = "";
        try (Connection connection = DriverManager.getConnection(verify.database().url(), properties)) {
            connection.setReadOnly(true);
            for (BackupVerifyConfig.Check check : verify.checks()) {
                RecoveryStore.CheckOutcome outcome = check(connection, target, check, now);
                outcomes.add(outcome);
                if (!outcome.passed() && firstFailure.isEmpty()) {
                    firstFailure = "check failed: " + check.sql() + " returned " + outcome.actual() + ", expected " + check.expect();
                }
            }
        } catch (SQLException e) {
            return "cannot connect to the restored copy: " + e.getMessage();
        }
        return firstFailure;
    }

    private static RecoveryStore.CheckOutcome check(Connection connection, BackupTargets.Target target, BackupVerifyConfig.Check check,
                                                    Instant now) {
        Optional<CheckExpectation> expectation = CheckExpectation.parse(check.expect());
        if (expectation.isEmpty()) {
            return new RecoveryStore.CheckOutcome(check.sql(), check.expect(), "unreadable expectation", false);
        }
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(300);
            try (ResultSet rows = statement.executeQuery(check.sql())) {
                if (!rows.next()) {
                    return new RecoveryStore.CheckOutcome(check.sql(), check.expect(), "no row", false);
                }
                Object value = rows.getObject(1);
                if (value == null) {
                    return new RecoveryStore.CheckOutcome(check.sql(), check.expect(), "null", false);
                }
                return switch (expectation.get()) {
                    case CheckExpectation.Comparison comparison -> {
                        if (!(value instanceof Number number)) {
                            yield new RecoveryStore.CheckOutcome(check.sql(), check.expect(), "not a number: " + value, false);
                        }
                        yield new RecoveryStore.CheckOutcome(check.sql(), check.expect(), value.toString(), comparison.holds(number.doubleValue()));
                    }
                    case CheckExpectation.YoungerThan younger -> {
                        Optional<Instant> time = time(value);
                        if (time.isEmpty()) {
                            yield new RecoveryStore.CheckOutcome(check.sql(), check.expect(), "not a time: " + value, false);
                        }
                        Duration limit = younger.limit().orElse(target.rpo());
                        Duration age = Duration.between(time.get(), now);
                        yield new RecoveryStore.CheckOutcome(check.sql(), check.expect(),
                                time.get() + " (" + Durations.format(age.isNegative() ? Duration.ZERO : age.withNanos(0)) + " old)",
                                age.compareTo(limit) <= 0);
                    }
                };
            }
        } catch (SQLException e) {
            return new RecoveryStore.CheckOutcome(check.sql(), check.expect(), "error: " + e.getMessage(), false);
        }
    }

    private static Optional<Instant> time(Object value) {
        return switch (value) {
            case Timestamp timestamp -> Optional.of(timestamp.toInstant());
            case OffsetDateTime offset -> Optional.of(offset.toInstant());
            case Number number -> Optional.of(Instant.ofEpochMilli(Math.round(number.doubleValue() * 1000)));
            case String text -> Timestamps.parse(text);
            default -> Optional.empty();
        };
    }
}
