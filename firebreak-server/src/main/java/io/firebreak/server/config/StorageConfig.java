package io.firebreak.server.config;

/**
 * Where incidents are stored: {@code jdbc:sqlite:PATH} (the embedded default) or
 * {@code jdbc:postgresql://HOST:PORT/DB}. A relative SQLite path is relative to the config file.
 *
 * @param retention how long a resolved incident is kept after its resolution; null keeps everything
 */
public record StorageConfig(String url, String username, Secret password, Integer poolSize, java.time.Duration retention) {
    public static final String DEFAULT_URL = "jdbc:sqlite:./data/firebreak.db";

    public StorageConfig {
        url = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        username = username == null ? "" : username;
        password = password == null ? new Secret("") : password;
        poolSize = poolSize == null ? 8 : poolSize;
    }

    /** A store that keeps every incident forever. */
    public StorageConfig(String url, String username, Secret password, Integer poolSize) {
        this(url, username, password, poolSize, null);
    }

    /** How long resolved incidents are kept; empty: forever. */
    public java.util.Optional<java.time.Duration> retentionPeriod() {
        return java.util.Optional.ofNullable(retention);
    }

    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public StorageConfig withUrl(String newUrl) {
        return new StorageConfig(newUrl, username, password, poolSize, retention);
    }

    /** The URL with any password parameter or user-info hidden, safe for logs and errors ({@link Redaction#url}). */
    public static String redact(String url) {
        return Redaction.url(url);
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + redact(url) + ", username=" + username + ", password=" + password
                + ", poolSize=" + poolSize + ", retention=" + retention + "]";
    }
}
