package io.firebreak.server.http;

import io.firebreak.server.config.ApiConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens from {@code api.tokens}. A presented token is compared with every configured one
 * in constant time (SHA-256 of both, {@link MessageDigest#isEqual}), so neither a match's position
 * nor a common prefix shows in the timing. The token's name is the actor in the timeline.
 */
public final class Auth {
    /** What a token may do; each role may do what the ones before it may. */
    public enum Role {
        VIEWER, RESPONDER, ADMIN;

        public boolean allows(Role needed) {
            return compareTo(needed) >= 0;
        }

        public static Optional<Role> parse(String text) {
            for (Role role : values()) {
                if (role.name().equalsIgnoreCase(text)) {
                    return Optional.of(role);
                }
            }
            return Optional.empty();
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Who made a request. */
    public record Principal(String name, Role role) {}

    /** The principal of requests when no token is configured (loopback only). */
    public static final Principal ANONYMOUS = new Principal("anonymous", Role.ADMIN);

    private record Entry(String name, Role role, byte[] digest) {}

    private final List<Entry> entries;

    public Auth(ApiConfig api) {
        this.entries = api.tokens().stream()
                .filter(t -> !t.token().isEmpty())
                .map(t -> new Entry(t.name(), Role.parse(t.role()).orElse(Role.VIEWER), digest(t.token().value())))
                .toList();
    }

    /** Whether any token is configured; without one, the API is open (and only allowed on loopback). */
    public boolean enabled() {
        return !entries.isEmpty();
    }

    /** The principal of a presented token, or empty when it matches none. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        Principal found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
                found = new Principal(entry.name(), entry.role());
            }
        }
        return Optional.ofNullable(found);
    }

    /** The token of an {@code Authorization: Bearer ...} header (or Basic with the token as password). */
    public static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).strip());
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Looked up once: finding the provider on every request cost more than hashing the token. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static byte[] digest(String text) {
        try {
            return ((MessageDigest) SHA_256.clone()).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }
}
