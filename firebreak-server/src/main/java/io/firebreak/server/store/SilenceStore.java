package io.firebreak.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.mute.Silence;
import io.firebreak.core.routing.Matcher;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Silences, by id {@code SIL-xxxxxxxx}. */
public final class SilenceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;

    public SilenceStore(Database database) {
        this.jdbi = database.jdbi();
    }

    public Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String author, String comment, Instant now) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
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
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM silences WHERE ends_at > :after ORDER BY ends_at DESC, id")
                    .bind("after", includeExpired ? Long.MIN_VALUE : now.toEpochMilli())
                    .map((rs, ctx) -> {
                        try {
                            List<String> texts = JSON.readValue(rs.getString("matchers"), new TypeReference<List<String>>() {});
                            List<Matcher> matchers = texts.stream().map(t -> ((Matcher.Parsed.Ok) Matcher.parse(t)).matcher()).toList();
                            return new Silence(rs.getString("id"), matchers, Instant.ofEpochMilli(rs.getLong("starts_at")),
                                    Instant.ofEpochMilli(rs.getLong("ends_at")), rs.getString("author"), rs.getString("comment"));
                        } catch (JsonProcessingException e) {
                            throw new java.sql.SQLException("unreadable matchers of silence " + rs.getString("id"), e);
                        }
                    })
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list silences", e);
        }
    }

    /** Ends a silence now; false if there is no such silence or it already ended. */
    public boolean expire(String id, Instant now) {
        try {
            return jdbi.withHandle(handle -> handle.createUpdate(
                            "UPDATE silences SET ends_at = :now WHERE id = :id AND ends_at > :now")
                    .bind("id", id).bind("now", now.toEpochMilli()).execute()) > 0;
        } catch (JdbiException e) {
            throw new StoreException("expire silence " + id, e);
        }
    }
}
