package io.firebreak.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Leases of engine modules, and the instances that hold them. One row per module: who holds it,
 * until when, and a fencing token that grows each time the lease changes hands. A leader renews
 * its lease every loop; another instance may take it only once it has expired. Every write a
 * leader makes checks its token inside the writing transaction ({@link #fence}), which on
 * PostgreSQL also locks the lease row, so a takeover waits for a leader's transaction in flight
 * and a leader that lost its lease writes nothing.
 */
public final class Leases {
    private final Jdbi jdbi;

    public Leases(Database database) {
        this.jdbi = database.jdbi();
    }

    /** A held lease: the module, its holder, the fencing token and when it ends unless renewed. */
    public record Lease(String module, String holder, long token, Instant expires, Instant renewed) {}

    /** An instance that runs engine modules, with its last heartbeat. */
    public record InstanceRow(String id, String host, long pid, String command, String version, Instant started, Instant heartbeat) {}

    /**
     * Takes or renews the lease of {@code module} for {@code holder} until {@code now + ttl}; empty
     * while another holder's lease has not expired. The token stays while the same holder renews and
     * grows by one when the lease changes hands.
     */
    public Optional<Lease> acquire(String module, String holder, Instant now, Duration ttl) {
        long expires = now.plus(ttl).toEpochMilli();
        try {
            return jdbi.inTransaction(handle -> {
                int inserted = handle.createUpdate("""
                                INSERT INTO leases (module, holder, token, expires, renewed) VALUES (:module, :holder, 1, :expires, :now)
                                ON CONFLICT (module) DO NOTHING""")
                        .bind("module", module).bind("holder", holder).bind("expires", expires).bind("now", now.toEpochMilli())
                        .execute();
                if (inserted == 0) {
                    int taken = handle.createUpdate("""
                                    UPDATE leases SET token = CASE WHEN holder = :holder THEN token ELSE token + 1 END,
                                        holder = :holder, expires = :expires, renewed = :now
                                    WHERE module = :module AND (holder = :holder OR expires <= :now)""")
                            .bind("module", module).bind("holder", holder).bind("expires", expires).bind("now", now.toEpochMilli())
                            .execute();
                    if (taken == 0) {
                        return Optional.<Lease>empty();
                    }
                }
                return find(handle, module);
            });
        } catch (JdbiException e) {
            throw new StoreException("take the " + module + " lease", e);
        }
    }

    /**
     * Inside a leader's writing transaction: whether {@code holder} still holds {@code module} with
     * {@code token} at {@code now}. On PostgreSQL the check locks the lease row until the
     * transaction ends, so nobody can take the lease over between this check and the commit.
     */
    public static boolean fence(Handle handle, String module, String holder, long token, Instant now) {
        return handle.createUpdate("""
                        UPDATE leases SET renewed = renewed
                        WHERE module = :module AND holder = :holder AND token = :token AND expires > :now""")
                .bind("module", module).bind("holder", holder).bind("token", token).bind("now", now.toEpochMilli())
                .execute() == 1;
    }

    /** Gives the lease up (graceful shutdown), so another instance takes over at its next loop instead of after the lease. */
    public void release(String module, String holder, long token) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            UPDATE leases SET expires = 0 WHERE module = :module AND holder = :holder AND token = :token""")
                    .bind("module", module).bind("holder", holder).bind("token", token).execute());
        } catch (JdbiException e) {
            throw new StoreException("release the " + module + " lease", e);
        }
    }

    public List<Lease> list() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM leases ORDER BY module")
                    .map((rs, ctx) -> lease(rs)).list());
        } catch (JdbiException e) {
            throw new StoreException("list leases", e);
        }
    }

    private static Optional<Lease> find(Handle handle, String module) {
        return handle.createQuery("SELECT * FROM leases WHERE module = :module").bind("module", module)
                .map((rs, ctx) -> lease(rs)).findOne();
    }

    private static Lease lease(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Lease(rs.getString("module"), rs.getString("holder"), rs.getLong("token"),
                Instant.ofEpochMilli(rs.getLong("expires")), Instant.ofEpochMilli(rs.getLong("renewed")));
    }

    /** Records that {@code instance} is alive at {@code now}; forgets instances silent for a day. */
    public void heartbeat(InstanceRow instance, Instant now) {
        try {
            jdbi.useTransaction(handle -> {
                handle.createUpdate("""
                                INSERT INTO instances (id, host, pid, command, version, started, heartbeat)
                                VALUES (:id, :host, :pid, :command, :version, :started, :now)
                                ON CONFLICT (id) DO UPDATE SET heartbeat = excluded.heartbeat""")
                        .bind("id", instance.id()).bind("host", instance.host()).bind("pid", instance.pid())
                        .bind("command", instance.command()).bind("version", instance.version())
                        .bind("started", instance.started().toEpochMilli()).bind("now", now.toEpochMilli()).execute();
                handle.createUpdate("DELETE FROM instances WHERE heartbeat < :before")
                        .bind("before", now.minus(Duration.ofDays(1)).toEpochMilli()).execute();
            });
        } catch (JdbiException e) {
            throw new StoreException("record the heartbeat of " + instance.id(), e);
        }
    }

    /** Removes an instance that stops (graceful shutdown). */
    public void leave(String id) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM instances WHERE id = :id").bind("id", id).execute());
        } catch (JdbiException e) {
            throw new StoreException("remove instance " + id, e);
        }
    }

    public List<InstanceRow> instances() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM instances ORDER BY started, id")
                    .map((rs, ctx) -> new InstanceRow(rs.getString("id"), rs.getString("host"), rs.getLong("pid"), rs.getString("command"),
                            rs.getString("version"), Instant.ofEpochMilli(rs.getLong("started")), Instant.ofEpochMilli(rs.getLong("heartbeat"))))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list instances", e);
        }
    }
}
