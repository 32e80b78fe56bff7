package io.firebreak.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of the outbox, fenced. A claim leases rows for {@link #LEASE} under a fresh
 * random token, and every later write of the claimer is conditional on that token: when a worker
 * stalls past its lease and another claims the row, the first one's late write changes nothing
 * (it returns false and is logged). A process that dies between sending and recording leaves its
 * rows to be claimed again after the lease: a message may be sent twice, never lost, and never
 * marked delivered unless a receiver took it.
 *
 * <p>The lease is short and renewed by {@link #begin} before each send, for every row of the claim
 * still held, so a claim lives as long as its worker keeps sending, and one send (bounded by its
 * channel's timeouts) never outlasts a lease.
 *
 * <p>Of one incident's rows for one channel only the oldest pending or held one is claimable, so a
 * PagerDuty acknowledge never overtakes its trigger. A channel paused by a receiver's Retry-After
 * ({@link #pause}) has nothing claimed until the pause ends, by any instance.
 */
public final class OutboxStore {
    /** How long a claim holds without being renewed before another worker may take the row. */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxStore.class);
    private static final String CLAIMABLE = "('pending', 'held')";

    private final Jdbi jdbi;
    private final Database.Dialect dialect;

    public OutboxStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /** Claims up to {@code limit} due rows of any channel until {@code now + LEASE}, oldest first. */
    public List<OutboxRow> claim(Instant now, int limit) {
        return claim(now, limit, Optional.empty());
    }

    /**
     * Claims up to {@code limit} due rows of the given channels until {@code now + LEASE}, oldest
     * first, under one new token. Rows of channels this worker cannot send stay for one that can.
     */
    public List<OutboxRow> claim(Instant now, int limit, Set<String> channels) {
        return channels.isEmpty() ? List.of() : claim(now, limit, Optional.of(channels));
    }

    private List<OutboxRow> claim(Instant now, int limit, Optional<Set<String>> channels) {
        String candidates = """
                SELECT id FROM outbox o WHERE o.state IN %s AND o.due <= :now
                  AND (o.claimed_until IS NULL OR o.claimed_until < :now)%s
                  AND NOT EXISTS (SELECT 1 FROM channel_pauses p WHERE p.channel = o.channel AND p.paused_until > :now)
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.incident_id = o.incident_id AND e.channel = o.channel
                                  AND e.state IN %s AND e.event_seq < o.event_seq)
                ORDER BY o.due, o.event_seq LIMIT :limit""".formatted(CLAIMABLE,
                channels.isPresent() ? "\n  AND o.channel IN (<channels>)" : "", CLAIMABLE);
        // PostgreSQL: concurrent workers skip each other's rows; SQLite has one writer at a time anyway.
        String lock = dialect == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        String token = UUID.randomUUID().toString();
        try {
            // One statement: the claimed rows come back from the update itself (a page waits for this claim).
            return jdbi.inTransaction(handle -> {
                var update = handle.createQuery("UPDATE outbox SET claimed_until = :until, claim_token = :token WHERE id IN ("
                                + candidates + lock + ") RETURNING *")
                        .bind("now", now.toEpochMilli())
                        .bind("until", now.plus(LEASE).toEpochMilli())
                        .bind("token", token)
                        .bind("limit", limit);
                channels.ifPresent(names -> update.bindList("channels", List.copyOf(names)));
                return update.map((rs, ctx) -> row(rs))
                        .list()
                        .stream()
                        .sorted(Comparator.comparing(OutboxRow::due).thenComparing(OutboxRow::eventSeq))
                        .toList();
            });
        } catch (JdbiException e) {
            throw new StoreException("claim notifications", e);
        }
    }

    /**
     * Says an attempt to send a claimed row begins: renews the lease of every row of its claim still
     * held until {@code now + LEASE} and counts the attempt as started, before the receiver is
     * called. False if the lease was lost: then the row must not be sent.
     */
    public boolean begin(OutboxRow claimed, Instant now) {
        return fenced(claimed, "start of a send", startSend(claimed, now, false) ? 1 : 0);
    }

    /** Whether a send may start: {@link Started}, or not because the lease was {@link Lost} or the channel is {@link Paused}. */
    public sealed interface Start {
        /** The attempt is counted and the claim's leases renewed: send now. */
        record Started() implements Start {}

        /** Another worker has the row (or it was finished): do not send it. */
        record Lost() implements Start {}

        /** Another instance paused the channel since the claim (a receiver's Retry-After): give the row back, due then. */
        record Paused(Instant until) implements Start {}
    }

    /**
     * {@link #begin}, unless the channel has been paused since the claim: one statement on the way
     * of every page, where a separate read of the pause cost one more.
     */
    public Start start(OutboxRow claimed, Instant now) {
        if (startSend(claimed, now, true)) {
            return new Start.Started();
        }
        Optional<Instant> paused = pausedUntil(claimed.channel(), now);
        if (paused.isPresent()) {
            return new Start.Paused(paused.get());
        }
        fenced(claimed, "start of a send", 0);
        return new Start.Lost();
    }

    private boolean startSend(OutboxRow claimed, Instant now, boolean unlessPaused) {
        // One statement renews the whole claim and counts the attempt on this row, and only if this row is still
        // ours: the rows it returns are the claim's, and this one among them says the send may start.
        String sql = """
                UPDATE outbox SET claimed_until = :until, started = started + CASE WHEN id = :id THEN 1 ELSE 0 END
                WHERE claim_token = :token AND state IN %s
                  AND EXISTS (SELECT 1 FROM outbox m WHERE m.id = :id AND m.claim_token = :token AND m.state IN %s)%s
                RETURNING id""".formatted(CLAIMABLE, CLAIMABLE, unlessPaused
                ? "\n  AND NOT EXISTS (SELECT 1 FROM channel_pauses p WHERE p.channel = :channel AND p.paused_until > :now)" : "");
        try {
            return jdbi.inTransaction(handle -> {
                var query = handle.createQuery(sql)
                        .bind("until", now.plus(LEASE).toEpochMilli()).bind("id", claimed.id()).bind("token", claimed.claimToken());
                if (unlessPaused) {
                    query.bind("channel", claimed.channel()).bind("now", now.toEpochMilli());
                }
                return query.mapTo(String.class).list().contains(claimed.id());
            });
        } catch (JdbiException e) {
            throw new StoreException("start delivery of " + claimed.id(), e);
        }
    }

    /** Gives a claimed row back, due again at {@code due} (a channel's rate limit or pause said not yet). */
    public boolean release(OutboxRow claimed, Instant due) {
        return fenced(claimed, "release", update(claimed.id(), handle -> handle.createUpdate("""
                        UPDATE outbox SET claimed_until = NULL, claim_token = NULL, due = :due
                        WHERE id = :id AND claim_token = :token""")
                .bind("id", claimed.id()).bind("token", claimed.claimToken()).bind("due", due.toEpochMilli()).execute()));
    }

    /**
     * Holds a claimed row back until {@code until} without counting an attempt: state {@code held},
     * by a silence or the incident that inhibits it.
     */
    public boolean hold(OutboxRow claimed, Instant until, String heldBy, String reason) {
        return fenced(claimed, "hold", update(claimed.id(), handle -> handle.createUpdate("""
                        UPDATE outbox SET state = 'held', claimed_until = NULL, claim_token = NULL, due = :due, held_by = :by,
                            last_reason = :reason
                        WHERE id = :id AND claim_token = :token""")
                .bind("id", claimed.id()).bind("token", claimed.claimToken()).bind("due", until.toEpochMilli())
                .bind("by", heldBy).bind("reason", reason).execute()));
    }

    /**
     * Mutes a claimed row for good (its incident resolved while it was held back), and with it every
     * later pending or held row of the incident for the channel: a "resolved" for an incident the
     * receiver never heard of helps nobody. Muted rows are not failures.
     */
    public boolean mute(OutboxRow claimed, String reason, Instant now) {
        try {
            return fenced(claimed, "mute", jdbi.inTransaction(handle -> {
                int mine = handle.createUpdate("""
                                UPDATE outbox SET state = 'muted', last_reason = :reason, finished = :now, claimed_until = NULL,
                                    claim_token = NULL, held_by = NULL
                                WHERE id = :id AND claim_token = :token""")
                        .bind("id", claimed.id()).bind("token", claimed.claimToken()).bind("reason", reason)
                        .bind("now", now.toEpochMilli()).execute();
                if (mine > 0) {
                    handle.createUpdate("""
                                    UPDATE outbox SET state = 'muted', last_reason = :reason, finished = :now, claimed_until = NULL,
                                        claim_token = NULL, held_by = NULL
                                    WHERE incident_id = :incident AND channel = :channel AND state IN %s
                                      AND (claimed_until IS NULL OR claimed_until < :now)""".formatted(CLAIMABLE))
                            .bind("incident", claimed.incidentId()).bind("channel", claimed.channel()).bind("reason", reason)
                            .bind("now", now.toEpochMilli()).execute();
                }
                return mine;
            }));
        } catch (JdbiException e) {
            throw new StoreException("mute " + claimed.id(), e);
        }
    }

    /**
     * Records an attempt on a claimed row: {@code state} delivered, dead, or pending again at
     * {@code nextDue}. False, and nothing written, if the lease was lost to another worker.
     */
    public boolean record(OutboxRow claimed, String state, int status, String reason, Instant now, Optional<Instant> nextDue,
                          Optional<String> externalId) {
        if (!Set.of(OutboxRow.DELIVERED, OutboxRow.DEAD, OutboxRow.PENDING).contains(state)) {
            throw new IllegalArgumentException("an attempt ends delivered, dead or pending, not " + state);
        }
        int attempt = claimed.attempts() + 1;
        try {
            return fenced(claimed, "outcome '" + state + "'", jdbi.inTransaction(handle -> {
                int updated = handle.createUpdate("""
                                UPDATE outbox SET state = :state, attempts = :attempt, last_status = :status, last_reason = :reason,
                                    due = :due, claimed_until = NULL, claim_token = NULL, held_by = NULL, finished = :finished,
                                    external_id = COALESCE(:external, external_id)
                                WHERE id = :id AND claim_token = :token""")
                        .bind("id", claimed.id())
                        .bind("token", claimed.claimToken())
                        .bind("state", state)
                        .bind("attempt", attempt)
                        .bind("status", status)
                        .bind("reason", reason)
                        .bind("due", nextDue.orElse(claimed.due()).toEpochMilli())
                        .bind("finished", state.equals(OutboxRow.PENDING) ? null : now.toEpochMilli())
                        .bind("external", externalId.orElse(null))
                        .execute();
                if (updated > 0) {
                    handle.createUpdate("""
                                    INSERT INTO outbox_attempts (outbox_id, attempt, at, status, reason) VALUES (:id, :attempt, :at, :status, :reason)
                                    ON CONFLICT (outbox_id, attempt) DO NOTHING""")
                            .bind("id", claimed.id()).bind("attempt", attempt).bind("at", now.toEpochMilli())
                            .bind("status", status).bind("reason", reason)
                            .execute();
                }
                return updated;
            }));
        } catch (JdbiException e) {
            throw new StoreException("record delivery of " + claimed.id(), e);
        }
    }

    private boolean fenced(OutboxRow claimed, String write, int updated) {
        if (updated == 0) {
            LOG.warn("outbox {}: {} dropped: the lease of this claim was lost (another worker claimed the row, or it was finished)",
                    claimed.id(), write);
        }
        return updated > 0;
    }

    private int update(String id, org.jdbi.v3.core.HandleCallback<Integer, RuntimeException> statement) {
        try {
            return jdbi.withHandle(statement);
        } catch (JdbiException e) {
            throw new StoreException("update notification " + id, e);
        }
    }

    /**
     * Pauses a channel until {@code until} for every instance (a receiver's Retry-After); an earlier
     * pause that lasts longer stays.
     */
    public void pause(String channel, Instant until, String reason) {
        update(channel, handle -> handle.createUpdate("""
                        INSERT INTO channel_pauses (channel, paused_until, reason) VALUES (:channel, :until, :reason)
                        ON CONFLICT (channel) DO UPDATE SET paused_until = excluded.paused_until, reason = excluded.reason
                        WHERE channel_pauses.paused_until < excluded.paused_until""")
                .bind("channel", channel).bind("until", until.toEpochMilli()).bind("reason", reason).execute());
    }

    /** Until when {@code channel} is paused, if it is at {@code now}. */
    public Optional<Instant> pausedUntil(String channel, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT paused_until FROM channel_pauses WHERE channel = :channel AND paused_until > :now")
                .bind("channel", channel).bind("now", now.toEpochMilli()).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    /** The channels paused at {@code now}, with the end of each pause. */
    public Map<String, Instant> pauses(Instant now) {
        Map<String, Instant> pauses = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT channel, paused_until FROM channel_pauses WHERE paused_until > :now ORDER BY channel")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .forEach(entry -> pauses.put(entry.getKey(), entry.getValue())));
        return pauses;
    }

    /**
     * Brings rows held by {@code heldBy} (a silence that just ended early) forward to {@code now};
     * they are claimed again and looked at afresh. In the caller's transaction.
     */
    static int releaseHolds(Handle handle, String heldBy, Instant now) {
        return handle.createUpdate("UPDATE outbox SET due = :now WHERE state = 'held' AND held_by = :by AND due > :now")
                .bind("by", heldBy).bind("now", now.toEpochMilli()).execute();
    }

    /**
     * Dead-letters rows queued, and due, more than {@code maxAge} ago whose channel none of {@code channels} is: no
     * instance that delivers sends to it (a channel removed from the configuration, or the
     * {@code detect --webhook-url} channel of a detect that no longer runs). Younger ones wait for
     * an instance that knows their channel.
     */
    public int expireUnsendable(Set<String> channels, Instant now, Duration maxAge) {
        if (channels.isEmpty()) {
            return 0;
        }
        return update("unsendable", handle -> handle.createUpdate("""
                        UPDATE outbox SET state = 'dead', last_reason = :prefix || channel || :suffix, finished = :now,
                            claimed_until = NULL, claim_token = NULL, held_by = NULL
                        WHERE state IN %s AND created < :cutoff AND due < :cutoff AND channel NOT IN (<channels>)
                          AND (claimed_until IS NULL OR claimed_until < :now)""".formatted(CLAIMABLE))
                .bindList("channels", List.copyOf(channels))
                .bind("prefix", "gave up after " + maxAge.toHours() + "h: channel '")
                .bind("suffix", "' is not configured where delivery runs")
                .bind("now", now.toEpochMilli())
                .bind("cutoff", now.minus(maxAge).toEpochMilli())
                .execute());
    }

    /** The id the receiver gave this incident on this channel, from the latest delivery that returned one. */
    public Optional<String> externalId(String incidentId, String channel) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT external_id FROM outbox WHERE incident_id = :incident AND channel = :channel
                          AND state = 'delivered' AND external_id IS NOT NULL ORDER BY event_seq DESC LIMIT 1""")
                .bind("incident", incidentId).bind("channel", channel).mapTo(String.class).findOne());
    }

    /**
     * Newest first; {@code failedOnly} keeps dead letters and rows retrying after a failed attempt
     * (not held or muted ones: they did not fail).
     */
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

    /**
     * Puts a dead letter, or a retrying row no worker holds, back in the queue, due now, with a fresh
     * age. Never touches a row being sent (its lease is live), a held, muted or delivered one.
     */
    public boolean retry(String id, Instant now) {
        return update(id, handle -> handle.createUpdate("""
                        UPDATE outbox SET state = 'pending', due = :now, created = :now, claimed_until = NULL, claim_token = NULL,
                            finished = NULL
                        WHERE id = :id AND (state = 'dead'
                          OR (state = 'pending' AND attempts > 0 AND (claimed_until IS NULL OR claimed_until < :now)))""")
                .bind("id", id).bind("now", now.toEpochMilli()).execute()) > 0;
    }

    /** How many rows are pending and due by {@code now}; the CLI drains until this is zero. */
    public int due(Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND due <= :now")
                .bind("now", now.toEpochMilli()).mapTo(Integer.class).one());
    }

    /** How many rows of {@code channels} are pending and due by {@code now}. */
    public int due(Instant now, Set<String> channels) {
        if (channels.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND due <= :now AND channel IN (<channels>)")
                .bind("now", now.toEpochMilli()).bindList("channels", List.copyOf(channels)).mapTo(Integer.class).one());
    }

    /** The earliest time a pending or held row may be claimed, its channel's pause included, if any. */
    public Optional<Instant> nextDue() {
        return nextDue(Optional.empty());
    }

    /** As {@link #nextDue()}, for the rows of {@code channels} only (what one worker can send). */
    public Optional<Instant> nextDue(Set<String> channels) {
        return channels.isEmpty() ? Optional.empty() : nextDue(Optional.of(channels));
    }

    private Optional<Instant> nextDue(Optional<Set<String>> channels) {
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery("""
                            SELECT MIN(CASE WHEN p.paused_until > o.due THEN p.paused_until ELSE o.due END)
                            FROM outbox o LEFT JOIN channel_pauses p ON p.channel = o.channel
                            WHERE o.state IN %s%s""".formatted(CLAIMABLE, channels.isPresent() ? " AND o.channel IN (<channels>)" : ""));
            channels.ifPresent(names -> query.bindList("channels", List.copyOf(names)));
            return query.mapTo(Long.class).findOne().map(Instant::ofEpochMilli);
        });
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
                finishedAt, rs.getString("external_id"), rs.getString("claim_token"), rs.getInt("started"), rs.getString("held_by"),
                Outbox.recipient(rs.getString("recipient")));
    }
}
