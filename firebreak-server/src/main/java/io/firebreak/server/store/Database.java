package io.firebreak.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.firebreak.server.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;

/**
 * Jdbi over SQLite or PostgreSQL, at the current schema: a connection pool migrated by Flyway on
 * open for the service ({@link #open}), or one reused connection that migrates only when the
 * schema is behind for a one-shot command ({@link #openForCommand}).
 * SQLite runs in WAL mode with IMMEDIATE transactions, so concurrent writers queue on the busy
 * timeout instead of failing on a lock upgrade.
 */
public final class Database implements AutoCloseable {
    /** The two databases Firebreak speaks to. */
    public enum Dialect { SQLITE, POSTGRESQL }

    private final ConnectionFactory connections;
    private final AutoCloseable closer;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String redactedUrl;
    private final int migrations;

    private Database(ConnectionFactory connections, Jdbi jdbi, AutoCloseable closer, Dialect dialect, String redactedUrl, int migrations) {
        this.migrations = migrations;
        this.connections = connections;
        this.closer = closer;
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.redactedUrl = redactedUrl;
    }

    /** {@code jdbi}, finding the parameters of statements with {@link ColonParameters} instead of JDBI's ANTLR lexer. */
    private static Jdbi withParameters(Jdbi jdbi) {
        return jdbi.setSqlParser(new ColonParameters());
    }

    /** Opens the pool and migrates; throws {@link StoreUnavailableException} naming the URL (never the password). */
    public static Database open(StorageConfig storage) {
        awaitPrepared();
        String url = storage.url();
        String shown = StorageConfig.redact(url);
        Dialect dialect = storage.isSqlite() ? Dialect.SQLITE : Dialect.POSTGRESQL;
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setPoolName("firebreak");
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(1);
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(url, shown);
            hikari.setMaximumPoolSize(Math.min(storage.poolSize(), 4));
        } else {
            hikari.setMaximumPoolSize(storage.poolSize());
            if (!storage.username().isEmpty()) {
                hikari.setUsername(storage.username());
            }
            if (!storage.password().isEmpty()) {
                hikari.setPassword(storage.password().value());
            }
        }
        hikari.setDataSourceProperties(driverProperties(dialect));
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot reach the database at " + shown + ": " + rootMessage(e), e);
        }
        int migrations;
        try {
            migrations = migrate(dataSource);
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreUnavailableException("cannot migrate the database at " + shown + ": " + rootMessage(e), e);
        }
        Jdbi jdbi = withParameters(Jdbi.create(dataSource));
        if (dialect == Dialect.SQLITE) {
            jdbi.setTransactionHandler(new WriterQueue(jdbi.getTransactionHandler()));   // the service's threads take turns
        }
        return new Database(dataSource::getConnection, jdbi, dataSource, dialect, shown, migrations);
    }

    /**
     * For a command that runs a few statements and exits: one connection, reused by every handle,
     * instead of a pool (its threads and start-up cost more than the command), and Flyway only when
     * the store lacks a migration this build ships: {@link Migrations} compares the shipped scripts
     * with the store's history in one query. A store that is behind, or new, is migrated exactly as
     * {@link #open} does. Throws {@link StoreUnavailableException} naming the URL (never the password).
     */
    public static Database openForCommand(StorageConfig storage) {
        awaitPrepared();
        String url = storage.url();
        String shown = StorageConfig.redact(url);
        Dialect dialect = storage.isSqlite() ? Dialect.SQLITE : Dialect.POSTGRESQL;
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(url, shown);
        }
        Properties properties = driverProperties(dialect);
        if (!storage.username().isEmpty()) {
            properties.setProperty("user", storage.username());
        }
        if (!storage.password().isEmpty()) {
            properties.setProperty("password", storage.password().value());
        }
        CommandConnection connection = new CommandConnection(url, properties);
        int migrations;
        try {
            java.sql.Connection first = connection.openConnection();
            var shipped = shippedMigrations();
            boolean current;
            try {
                current = shipped.isPresent() && Migrations.applied(first, shipped.get());
            } finally {
                connection.closeConnection(first);
            }
            migrations = current ? shipped.get().size() : migrate(connection.separateConnections());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            String doing = e instanceof FlywayException ? "cannot migrate the database at " : "cannot reach the database at ";
            throw new StoreUnavailableException(doing + shown + ": " + rootMessage(e), e);
        }
        return new Database(connection, withParameters(Jdbi.create(connection)), connection, dialect, shown, migrations);
    }

    /**
     * Starts, on a thread of its own, the work of opening a store that no configuration decides,
     * so that a one-shot command has it done on a second core while its main thread parses the
     * command line and the configuration: {@code first}, then the JDBC drivers (and with SQLite's,
     * the logger), the list of migrations this build ships, and one statement through JDBI on a
     * SQLite database in memory (JDBI's statement parsers, whose lexers build their tables on first
     * use; a handle; a mapped result; SQLite's native library and connection). None of it is what
     * the command line or the configuration use, and every open first waits for this thread
     * ({@link #awaitPrepared}), so two threads never initialise the same class: with classes whose
     * initialisers use each other, that could deadlock. A thread that waits makes it stop after the
     * step it is in: what is left, the open does itself. Failures are left for the open to report.
     *
     * @param first steps of the same kind, done first, that must not touch the store's classes either
     */
    public static void prepareInBackground(List<Runnable> first) {
        var memory = new java.util.concurrent.atomic.AtomicReference<java.sql.Connection>();
        var jdbi = new java.util.concurrent.atomic.AtomicReference<Jdbi>();
        List<Runnable> steps = new java.util.ArrayList<>(first);
        steps.add(java.sql.DriverManager::getDrivers);
        steps.add(Database::shippedMigrations);
        steps.add(() -> {
            try {
                memory.set(java.sql.DriverManager.getConnection("jdbc:sqlite::memory:"));
            } catch (SQLException e) {
                // SQLite's native library did not load: the open of a SQLite store reports it; another store needs none.
            }
        });
        steps.add(() -> jdbi.set(withParameters(Jdbi.create(memory::get))));
        steps.add(() -> {
            if (memory.get() != null) {
                jdbi.get().withHandle(handle -> handle.createQuery("SELECT :one").bind("one", 1).mapTo(Integer.class).one());
            }
        });
        awaited = false;
        preparing = Thread.ofPlatform().daemon().name("store-warm-up").start(() -> {
            try {
                for (Runnable step : steps) {
                    if (awaited) {
                        return;
                    }
                    step.run();
                }
            } catch (RuntimeException | LinkageError e) {
                // Only a warm-up: whatever failed here fails again where it is used, and is reported there.
            } finally {
                try (java.sql.Connection unused = memory.get()) {
                    // closed
                } catch (SQLException e) {
                    // a database in memory: nothing to lose
                }
            }
        });
    }

    /**
     * Waits for {@link #prepareInBackground}'s thread, if one was started, after asking it to stop
     * after its current step: before a store opens, and before the process exits.
     */
    public static void awaitPrepared() {
        Thread thread = preparing;
        if (thread == null) {
            return;
        }
        awaited = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static volatile Thread preparing;
    private static volatile boolean awaited;

    /** Whether an open (or the exit) has asked the warm-up to stop: for tests that hold a step until then. */
    static boolean awaitRequested() {
        return awaited;
    }

    private static java.util.Optional<java.util.Set<String>> shippedMigrations() {
        return Shipped.MIGRATIONS;
    }

    /** The migrations this build ships, listed once per process: the jar holds thousands of entries to look through. */
    private static final class Shipped {
        static final java.util.Optional<java.util.Set<String>> MIGRATIONS = Migrations.shipped(Database.class.getClassLoader());
    }

    /** The driver's settings: on SQLite, what makes concurrent processes queue instead of fail. */
    private static Properties driverProperties(Dialect dialect) {
        Properties properties = new Properties();
        if (dialect == Dialect.SQLITE) {
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("synchronous", "NORMAL");
            properties.setProperty("busy_timeout", Long.toString(WriterQueue.MAX_WAIT_MILLIS));
            properties.setProperty("transaction_mode", "IMMEDIATE");
            properties.setProperty("foreign_keys", "true");
        } else {
            properties.setProperty("ApplicationName", "firebreak");
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("reWriteBatchedInserts", "true");   // a batch of inserts goes as multi-row INSERTs
        }
        return properties;
    }

    /** Applies what is missing; returns how many migrations the store has applied. */
    private static int migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + Migrations.LOCATION)
                .load();
        flyway.migrate();
        return flyway.info().applied().length;
    }

    private static void createParentDirectory(String url, String shown) {
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the directory for the database " + shown + ": " + e, e);
        }
    }

    /** The innermost message, with the password-free URL already in the caller's text. */
    static String rootMessage(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        String message = current.getMessage();
        if (current instanceof SQLException || message == null) {
            message = message == null ? current.getClass().getSimpleName() : message;
        }
        return StorageConfig.redact(message);
    }

    /** Empty when the store answers and every migration is applied; else what is wrong (no secrets). */
    public java.util.Optional<String> ready() {
        java.sql.Connection connection = null;
        try {
            connection = connections.openConnection();
            return ready(connection);
        } catch (SQLException | RuntimeException e) {
            return java.util.Optional.of("store unreachable: " + rootMessage(e));
        } finally {
            if (connection != null) {
                try {
                    connections.closeConnection(connection);
                } catch (SQLException e) {
                    // the answer is already known; a broken connection is the pool's to replace
                }
            }
        }
    }

    private java.util.Optional<String> ready(java.sql.Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            try (var rs = statement.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = " + (dialect == Dialect.SQLITE ? "1" : "true"))) {
                rs.next();
                int applied = rs.getInt(1);
                int expected = migrations;
                return applied >= expected ? java.util.Optional.empty()
                        : java.util.Optional.of("schema behind: " + applied + " of " + expected + " migrations applied");
            }
        }
    }

    /**
     * On a SQLite file, the right to run engine modules on it: an OS lock on {@code FILE.engine.lock}
     * held until closed, so a second long-running {@code run} or {@code detect} on the same file
     * refuses to start instead of racing the first. On PostgreSQL there is nothing to hold: instances
     * share the work through leases.
     *
     * @throws IllegalStateException naming the file and the process that holds it
     */
    public AutoCloseable exclusiveEngine() {
        if (dialect != Dialect.SQLITE) {
            return () -> { };
        }
        String path = redactedUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:")) {
            return () -> { };
        }
        Path lockFile = Path.of(path + ".engine.lock");
        try {
            var channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(lockFile), java.nio.charset.StandardCharsets.UTF_8).strip();
                channel.close();
                throw new IllegalStateException("another Firebreak (run or detect" + (holder.isEmpty() ? "" : ", " + holder)
                        + ") already evaluates rules on " + path + "; run one per SQLite file, or use PostgreSQL to run several");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            java.nio.channels.FileLock held = lock;
            return () -> {
                held.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }


    public Dialect dialect() {
        return dialect;
    }

    /** The URL with secrets hidden, for messages. */
    public String redactedUrl() {
        return redactedUrl;
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new StoreException("close the database at " + redactedUrl, e);
        }
    }
}
