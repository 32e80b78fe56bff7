package io.firebreak.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The delivery side of the outbox. Rows are claimed with a lease, so a process that dies between
 * sending and recording leaves them to be claimed again after the lease: a message may be sent
 * twice, never lost. Of one incident's rows for one channel only the oldest pending is due, so a
 * PagerDuty acknowledge never overtakes its trigger.
 */
public final class OutboxStore {
    /** How long a claim holds before another worker may take the row. */
    public static final Duration LEASE = Duration.ofSeconds(60);

    private final Jdbi jdbi;
    private final Database.Dialect dialect;

    public OutboxStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /** Claims up to {@code limit} due rows until {@code now + LEASE}, oldest first. */
    public List<OutboxRow> claim(Instant now, int limit) {
        String candidates = """
                SELECT id FROM outbox o WHERE o.state = 'pending' AND o.due <= :now
                  AND (o.claimed_until IS NULL OR o.claimed_until < :now)
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.incident_id = o.incident_id AND e.channel = o.channel
                                  AND e.state = 'pending' AND e.event_seq < o.event_seq)
                ORDER BY o.due, o.event_seq LIMIT :limit""";
        // PostgreSQL: concurrent workers skip each other's rows; SQLite has one writer at a time anyway.
        String lock = dialect == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        try {
            return jdbi.inTransaction(handle -> handle.createQuery("UPDATE outbox SET claimed_until = :until WHERE id IN ("
                            + candidates + lock + ") RETURNING *")
                    .bind("now", now.toEpochMilli())
                    .bind("until", now.plus(LEASE).toEpochMilli())
                    .bind("limit", limit)
                    .map((rs, ctx) -> row(rs))
                    .list()
                    .stream()
                    .sorted(java.util.Comparator.comparing(OutboxRow::due).thenComparing(OutboxRow::eventSeq))
                    .toList());
        } catch (JdbiException e) {
            throw new StoreException("claim notifications", e);
        }
    }

    /** Gives a claimed row back, due again at {@code due} (a channel's rate limit said not yet). */
    public void release(String id, Instant due) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE outbox SET claimed_until = NULL, due = :due WHERE id = :id")
                .bind("id", id).bind("due", due.toEpochMilli()).execute());
    }

    /** The id the receiver gave this incident on this channel, from the latest delivery that returned one. */
    public Optional<String> externalId(String incidentId, String channel) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT external_id FROM outbox WHERE incident_id = :incident AND channel = :channel
                          AND state = 'delivered' AND external_id IS NOT NULL ORDER BY event_seq DESC LIMIT 1""")
                .bind("incident", incidentId).bind("channel", channel).mapTo(String.class).findOne());
    }

    /** Drops every pending row of an incident for a channel: its earlier messages were held back and dropped. */
    public void muteRest(String incidentId, String channel, String reason, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE outbox SET state = 'muted', last_reason = :reason, finished = :now, claimed_until = NULL
                        WHERE incident_id = :incident AND channel = :channel AND state = 'pending'""")
                .bind("incident", incidentId).bind("channel", channel).bind("reason", reason).bind("now", now.toEpochMilli())
                .execute());
    }

    /** Holds a claimed row back until {@code due} without counting an attempt (a silence or an inhibition). */
    public void postpone(String id, Instant due, String reason) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE outbox SET claimed_until = NULL, due = :due, last_reason = :reason WHERE id = :id")
                .bind("id", id).bind("due", due.toEpochMilli()).bind("reason", reason).execute());
    }

    /** Records a delivery: state delivered, dead or pending again at {@code nextDue}, with the attempt. */
    public void record(OutboxRow row, String state, int status, String reason, Instant now, Optional<Instant> nextDue,
                       Optional<String> externalId) {
        int attempt = row.attempts() + 1;
        try {
            jdbi.useTransaction(handle -> {
                handle.createUpdate("""
                                UPDATE outbox SET state = :state, attempts = :attempt, last_status = :status, last_reason = :reason,
                                    due = :due, claimed_until = NULL, finished = :finished,
                                    external_id = COALESCE(:external, external_id)
                                WHERE id = :id""")
                        .bind("id", row.id())
                        .bind("state", state)
                        .bind("attempt", attempt)
                        .bind("status", status)
                        .bind("reason", reason)
                        .bind("due", nextDue.orElse(row.due()).toEpochMilli())
                        .bind("finished", state.equals("pending") ? null : now.toEpochMilli())
                        .bind("external", externalId.orElse(null))
                        .execute();
                handle.createUpdate("""
                                INSERT INTO outbox_attempts (outbox_id, attempt, at, status, reason) VALUES (:id, :attempt, :at, :status, :reason)
                                ON CONFLICT (outbox_id, attempt) DO NOTHING""")
                        .bind("id", row.id()).bind("attempt", attempt).bind("at", now.toEpochMilli())
                        .bind("status", status).bind("reason", reason)
                        .execute();
            });
        } catch (JdbiException e) {
            throw new StoreException("record delivery of " + row.id(), e);
        }
    }

    /** Newest first; {@code failedOnly} keeps dead letters and rows whose last attempt failed. */
    public List<OutboxRow> list(Optional<String> incidentId, boolean failedOnly, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM outbox WHERE 1 = 1");
        incidentId.ifPresent(id -> sql.append(" AND incident_id = :incident"));
        if (failedOnly) {
            sql.append(" AND (state = 'dead' OR (state = 'pending' AND attempts > 0))");
        }
        sql.append(" ORDER BY created DESC, id DESC LIMIT :limit");
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql.toString()).bind("limit", limit);
            incidentId.ifPresent(id -> query.bind("incident", id));
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    public Optional<OutboxRow> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    /** Puts a dead letter (or a failing row) back in the queue, due now, with a fresh age. */
    public boolean retry(String id, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE outbox SET state = 'pending', due = :now, created = :now, claimed_until = NULL, finished = NULL
                        WHERE id = :id AND state <> 'delivered'""")
                .bind("id", id).bind("now", now.toEpochMilli()).execute()) > 0;
    }

    /** How many rows are pending and due by {@code now}; the CLI drains until this is zero. */
    public int due(Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND due <= :now")
                .bind("now", now.toEpochMilli()).mapTo(Integer.class).one());
    }

    /** The earliest due time of a pending row, if any. */
    public Optional<Instant> nextDue() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT MIN(due) FROM outbox WHERE state = 'pending'")
                .mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    /** How many rows wait to be sent, and when the oldest of them was queued (for /metrics). */
    public record Backlog(int pending, Optional<Instant> oldest) {}

    public Backlog backlog() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*), MIN(created) FROM outbox WHERE state = 'pending'")
                .map((rs, ctx) -> {
                    long oldest = rs.getLong(2);
                    return new Backlog(rs.getInt(1), rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
                })
                .one());
    }

    private static OutboxRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long finished = rs.getLong("finished");
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new OutboxRow(rs.getString("id"), rs.getString("incident_id"), rs.getInt("event_seq"), rs.getString("channel"),
                rs.getString("event"), rs.getString("state"), Instant.ofEpochMilli(rs.getLong("created")),
                Instant.ofEpochMilli(rs.getLong("due")), rs.getInt("attempts"), rs.getInt("last_status"), rs.getString("last_reason"),
                finishedAt, rs.getString("external_id"));
    }
}
