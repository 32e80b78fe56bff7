package io.firebreak.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.mute.Silence;
import io.firebreak.core.routing.Matcher;
import io.firebreak.server.logging.LogLine;
import io.firebreak.server.routing.Re2Matchers;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Silences, by id {@code SIL-xxxxxxxx}. */
public final class SilenceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Made on first use, not with the store: a SecureRandom's start costs a one-shot command that makes no id 5 ms. */
    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SilenceStore.class);
    /** Silences whose unreadable matcher was logged already, so listing them every cycle does not flood the log. */
    private static final Set<String> UNREADABLE = ConcurrentHashMap.newKeySet();

    private final Jdbi jdbi;

    public SilenceStore(Database database) {
        this.jdbi = database.jdbi();
    }

    public Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String author, String comment, Instant now) {
        byte[] bytes = new byte[4];
        Ids.RANDOM.nextBytes(bytes);
        Silence silence = new Silence("SIL-" + HexFormat.of().formatHex(bytes), matchers, startsAt, endsAt, author, comment);
        try {
            String json = JSON.writeValueAsString(matchers.stream().map(Matcher::toString).toList());
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO silences (id, matchers, starts_at, ends_at, author, comment, created)
                            VALUES (:id, :matchers, :starts, :ends, :author, :comment, :created)""")
                    .bind("id", silence.id()).bind("matchers", json).bind("starts", startsAt.toEpochMilli())
                    .bind("ends", endsAt.toEpochMilli()).bind("author", author).bind("comment", comment)
                    .bind("created", now.toEpochMilli()).execute());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("matcher strings always serialise", e);
        } catch (JdbiException e) {
            throw new StoreException("add silence", e);
        }
        return silence;
    }

    /** Silences not yet ended at {@code now} (active or scheduled), or all with {@code includeExpired}. */
    public List<Silence> list(Instant now, boolean includeExpired) {
        return entries(now, includeExpired).stream().map(Entry::silence).toList();
    }

    /** A stored silence and when it was written (Alertmanager's {@code updatedAt}). */
    public record Entry(Silence silence, Instant updated) {}

    /** As {@link #list}, with the time each silence was written. */
    public List<Entry> entries(Instant now, boolean includeExpired) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM silences WHERE ends_at > :after ORDER BY ends_at DESC, id")
                    .bind("after", includeExpired ? Long.MIN_VALUE : now.toEpochMilli())
                    .map((rs, ctx) -> entry(rs))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list silences", e);
        }
    }

    /** One silence by id, whatever its state. */
    public Optional<Entry> find(String id) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM silences WHERE id = :id")
                    .bind("id", id).map((rs, ctx) -> entry(rs)).findOne());
        } catch (JdbiException e) {
            throw new StoreException("load silence " + id, e);
        }
    }

    /**
     * Changes a silence in place (same id): its times, author and comment; the matchers stay. False
     * if there is no such silence. The caller decides whether an in-place change is allowed.
     */
    public boolean update(Silence silence, Instant now) {
        try {
            return jdbi.withHandle(handle -> handle.createUpdate("""
                            UPDATE silences SET starts_at = :starts, ends_at = :ends, author = :author, comment = :comment, created = :now
                            WHERE id = :id""")
                    .bind("id", silence.id()).bind("starts", silence.startsAt().toEpochMilli())
                    .bind("ends", silence.endsAt().toEpochMilli()).bind("author", silence.author())
                    .bind("comment", silence.comment()).bind("now", now.toEpochMilli()).execute()) > 0;
        } catch (JdbiException e) {
            throw new StoreException("update silence " + silence.id(), e);
        }
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        try {
            List<String> texts = JSON.readValue(rs.getString("matchers"), new TypeReference<List<String>>() {});
            String id = rs.getString("id");
            List<Matcher> matchers = texts.stream().map(text -> storedMatcher(id, text)).toList();
            Silence silence = new Silence(id, matchers, Instant.ofEpochMilli(rs.getLong("starts_at")),
                    Instant.ofEpochMilli(rs.getLong("ends_at")), rs.getString("author"), rs.getString("comment"));
            return new Entry(silence, Instant.ofEpochMilli(rs.getLong("created")));
        } catch (JsonProcessingException e) {
            throw new java.sql.SQLException("unreadable matchers of silence " + rs.getString("id"), e);
        }
    }

    /**
     * A stored matcher, compiled with RE2/J. Silences written before matchers moved to RE2 may hold a
     * regex only the JDK accepted (look-around, back-references): such a matcher matches nothing, so
     * the silence mutes nothing (people are paged rather than silently not paged), stays listed so it
     * can be seen and expired, and is logged once per process.
     */
    private static Matcher storedMatcher(String silenceId, String text) {
        return switch (Re2Matchers.parse(text)) {
            case Matcher.Parsed.Ok ok -> ok.matcher();
            case Matcher.Parsed.Invalid invalid -> {
                if (UNREADABLE.add(silenceId)) {
                    LOG.warn(LogLine.event("silence_matcher_invalid").with("silence", silenceId).with("reason", invalid.reason())
                            .with("effect", "the silence mutes nothing; expire it and create it again with an RE2 regex").toString());
                }
                yield Re2Matchers.matchingNothing(text);
            }
        };
    }

    /**
     * Ends a silence now; false if there is no such silence or it already ended. Notifications it
     * held back fall due now, in the same transaction, so they go out (or stay held by something
     * else) at the next delivery pass instead of at the silence's planned end.
     */
    public boolean expire(String id, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                boolean ended = handle.createUpdate(
                                // A pending silence also moves its start, so it still ends after it starts (Silence's invariant).
                                "UPDATE silences SET ends_at = :now, starts_at = CASE WHEN starts_at >= :now THEN :before ELSE starts_at END"
                                        + " WHERE id = :id AND ends_at > :now")
                        .bind("id", id).bind("now", now.toEpochMilli()).bind("before", now.toEpochMilli() - 1).execute() > 0;
                if (ended) {
                    OutboxStore.releaseHolds(handle, id, now);
                }
                return ended;
            });
        } catch (JdbiException e) {
            throw new StoreException("expire silence " + id, e);
        }
    }
}
