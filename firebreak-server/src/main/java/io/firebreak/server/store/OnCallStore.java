package io.firebreak.server.store;

import io.firebreak.core.oncall.Override;
import io.firebreak.core.oncall.TimeLog;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * On-call overrides (by id {@code OVR-xxxxxxxx}), handoff notes and logged response time. An
 * override that conflicts with another (see {@link Override#conflictsWith}) is refused inside the
 * writing transaction: SQLite serialises writers, PostgreSQL takes a transaction lock per schedule.
 */
public final class OnCallStore {
    /** Made on first use, not with the store: a SecureRandom's start costs a one-shot command that makes no id 5 ms. */
    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final Jdbi jdbi;
    private final Database.Dialect dialect;

    public OnCallStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /** The outcome of adding an override. */
    public sealed interface Added {
        record Ok(Override override) implements Added {}

        record Conflict(Override existing) implements Added {}
    }

    /** Stores {@code draft} under a new id unless it conflicts with a stored override. */
    public Added addOverride(Override draft) {
        Override override = new Override(newId("OVR-"), draft.schedule(), draft.kind(), draft.person(), draft.replaces(), draft.startsAt(),
                draft.endsAt(), draft.createdBy(), draft.created());
        try {
            return jdbi.inTransaction(handle -> {
                if (dialect == Database.Dialect.POSTGRESQL) {
                    handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
                            .bind("key", (long) ("oncall:" + override.schedule()).hashCode()).mapTo(Integer.class).one();
                }
                Optional<Override> conflict = overlapping(handle, Optional.of(override.schedule()), override.startsAt(), override.endsAt())
                        .stream().filter(override::conflictsWith).findFirst();
                if (conflict.isPresent()) {
                    return new Added.Conflict(conflict.get());
                }
                handle.createUpdate("""
                                INSERT INTO oncall_overrides (id, schedule, kind, person, replaces, starts_at, ends_at, created_by, created)
                                VALUES (:id, :schedule, :kind, :person, :replaces, :starts, :ends, :by, :created)""")
                        .bind("id", override.id()).bind("schedule", override.schedule()).bind("kind", override.kind().wireName())
                        .bind("person", override.person()).bind("replaces", override.replaces())
                        .bind("starts", override.startsAt().toEpochMilli()).bind("ends", override.endsAt().toEpochMilli())
                        .bind("by", override.createdBy()).bind("created", override.created().toEpochMilli()).execute();
                return new Added.Ok(override);
            });
        } catch (JdbiException e) {
            throw new StoreException("add override to schedule " + override.schedule(), e);
        }
    }

    /** Overrides that overlap {@code [from, to)}, of one schedule or all, by start. */
    public List<Override> overrides(Optional<String> schedule, Instant from, Instant to) {
        try {
            return jdbi.withHandle(handle -> overlapping(handle, schedule, from, to));
        } catch (JdbiException e) {
            throw new StoreException("list overrides", e);
        }
    }

    private static List<Override> overlapping(Handle handle, Optional<String> schedule, Instant from, Instant to) {
        return handle.createQuery("SELECT * FROM oncall_overrides WHERE starts_at < :to AND ends_at > :from"
                        + (schedule.isPresent() ? " AND schedule = :schedule" : "") + " ORDER BY starts_at, id")
                .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli()).bind("schedule", schedule.orElse(""))
                .map((rs, ctx) -> override(rs)).list();
    }

    public Optional<Override> findOverride(String id) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM oncall_overrides WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> override(rs)).findOne());
        } catch (JdbiException e) {
            throw new StoreException("load override " + id, e);
        }
    }

    /** What removing an override did. */
    public enum Removal {
        /** It had not started: it is gone. */
        DELETED,
        /** It had started: it ends now, and the time it was in force stays on record (hours depend on it). */
        ENDED,
        /** It had already ended. */
        ALREADY_OVER,
        NOT_FOUND
    }

    public Removal removeOverride(String id, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                Optional<Override> found = handle.createQuery("SELECT * FROM oncall_overrides WHERE id = :id").bind("id", id)
                        .map((rs, ctx) -> override(rs)).findOne();
                if (found.isEmpty()) {
                    return Removal.NOT_FOUND;
                }
                Override override = found.get();
                if (!override.endsAt().isAfter(now)) {
                    return Removal.ALREADY_OVER;
                }
                if (override.startsAt().isBefore(now)) {
                    handle.createUpdate("UPDATE oncall_overrides SET ends_at = :now WHERE id = :id").bind("id", id)
                            .bind("now", now.toEpochMilli()).execute();
                    return Removal.ENDED;
                }
                handle.createUpdate("DELETE FROM oncall_overrides WHERE id = :id").bind("id", id).execute();
                return Removal.DELETED;
            });
        } catch (JdbiException e) {
            throw new StoreException("remove override " + id, e);
        }
    }

    private static Override override(java.sql.ResultSet rs) throws java.sql.SQLException {
        String stored = rs.getString("kind");
        Optional<Override.Kind> parsed = Override.Kind.parse(stored);
        if (parsed.isEmpty()) {
            throw new java.sql.SQLException("unknown override kind in the store: " + stored);
        }
        Override.Kind kind = parsed.get();
        return new Override(rs.getString("id"), rs.getString("schedule"), kind, rs.getString("person"), rs.getString("replaces"),
                Instant.ofEpochMilli(rs.getLong("starts_at")), Instant.ofEpochMilli(rs.getLong("ends_at")), rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created")));
    }

    public OnCallNote addNote(OnCallNote.Kind kind, String text, String author, Instant now, Instant expires) {
        OnCallNote note = new OnCallNote(newId("NOTE-"), kind, text, author, now, expires);
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO oncall_notes (id, kind, text, author, created, expires_at)
                            VALUES (:id, :kind, :text, :author, :created, :expires)""")
                    .bind("id", note.id()).bind("kind", kind.wireName()).bind("text", text).bind("author", author)
                    .bind("created", now.toEpochMilli()).bind("expires", expires.toEpochMilli()).execute());
        } catch (JdbiException e) {
            throw new StoreException("add on-call note", e);
        }
        return note;
    }

    /** Notes that have not expired at {@code now}, oldest first. */
    public List<OnCallNote> notes(Instant now) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM oncall_notes WHERE expires_at > :now ORDER BY created, id")
                    .bind("now", now.toEpochMilli())
                    .map((rs, ctx) -> new OnCallNote(rs.getString("id"), OnCallNote.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                            rs.getString("text"), rs.getString("author"), Instant.ofEpochMilli(rs.getLong("created")),
                            Instant.ofEpochMilli(rs.getLong("expires_at"))))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list on-call notes", e);
        }
    }

    /** Records time spent on an incident; false if there is no such incident. */
    public boolean logTime(String incidentId, String person, Duration spent, Instant at, String note, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                if (handle.createQuery("SELECT COUNT(*) FROM incidents WHERE id = :id").bind("id", incidentId).mapTo(Integer.class).one() == 0) {
                    return false;
                }
                handle.createUpdate("""
                                INSERT INTO incident_time_log (id, incident_id, person, seconds, logged_at, note, created)
                                VALUES (:id, :incident, :person, :seconds, :at, :note, :now)""")
                        .bind("id", newId("TIME-")).bind("incident", incidentId).bind("person", person).bind("seconds", spent.toSeconds())
                        .bind("at", at.toEpochMilli()).bind("note", note).bind("now", now.toEpochMilli()).execute();
                return true;
            });
        } catch (JdbiException e) {
            throw new StoreException("log time on " + incidentId, e);
        }
    }

    /** Time logged with {@code at} in {@code [from, to)}, or on the given incidents. */
    public List<TimeLog> timeLogs(Instant from, Instant to) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery(
                            "SELECT * FROM incident_time_log WHERE logged_at >= :from AND logged_at < :to ORDER BY logged_at, id")
                    .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                    .map((rs, ctx) -> new TimeLog(rs.getString("incident_id"), rs.getString("person"), Duration.ofSeconds(rs.getLong("seconds")),
                            Instant.ofEpochMilli(rs.getLong("logged_at"))))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list logged time", e);
        }
    }

    private static String newId(String prefix) {
        byte[] bytes = new byte[4];
        Ids.RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
