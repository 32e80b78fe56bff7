package io.firebreak.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Web UI sessions. The cookie carries a random 256-bit id; the store keeps only its SHA-256, so a
 * copy of the database is no way in. Each session has its own CSRF token. Stored, not in memory,
 * so every instance on one PostgreSQL knows every session.
 */
public final class SessionStore {
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;

    public SessionStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** A logged-in session: who, with which role, and the CSRF token its forms carry. */
    public record Session(String tokenName, String role, String csrf, Instant expires) {}

    /** A new session; returns the cookie value (never stored). */
    public String create(String tokenName, String role, Instant now) {
        String id = random();
        try {
            jdbi.useTransaction(handle -> {
                handle.createUpdate("DELETE FROM ui_sessions WHERE expires <= :now").bind("now", now.toEpochMilli()).execute();
                handle.createUpdate("""
                                INSERT INTO ui_sessions (id_hash, token_name, role, csrf, created, expires)
                                VALUES (:hash, :name, :role, :csrf, :now, :expires)""")
                        .bind("hash", hash(id)).bind("name", tokenName).bind("role", role).bind("csrf", random())
                        .bind("now", now.toEpochMilli()).bind("expires", now.plus(LIFETIME).toEpochMilli()).execute();
            });
        } catch (JdbiException e) {
            throw new StoreException("create a UI session", e);
        }
        return id;
    }

    public Optional<Session> find(String cookie, Instant now) {
        if (cookie == null || cookie.length() != 64) {
            return Optional.empty();
        }
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ui_sessions WHERE id_hash = :hash AND expires > :now")
                    .bind("hash", hash(cookie)).bind("now", now.toEpochMilli())
                    .map((rs, ctx) -> new Session(rs.getString("token_name"), rs.getString("role"), rs.getString("csrf"),
                            Instant.ofEpochMilli(rs.getLong("expires"))))
                    .findOne());
        } catch (JdbiException e) {
            throw new StoreException("load a UI session", e);
        }
    }

    public void delete(String cookie) {
        if (cookie == null) {
            return;
        }
        try {
            jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM ui_sessions WHERE id_hash = :hash").bind("hash", hash(cookie)).execute());
        } catch (JdbiException e) {
            throw new StoreException("end a UI session", e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
