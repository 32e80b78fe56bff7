package io.firebreak.server.config;

/**
 * Where incidents are stored: {@code jdbc:sqlite:PATH} (the embedded default) or
 * {@code jdbc:postgresql://HOST:PORT/DB}. A relative SQLite path is relative to the config file.
 */
public record StorageConfig(String url, String username, Secret password, Integer poolSize) {
    public static final String DEFAULT_URL = "jdbc:sqlite:./data/firebreak.db";

    public StorageConfig {
        url = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        username = username == null ? "" : username;
        password = password == null ? new Secret("") : password;
        poolSize = poolSize == null ? 8 : poolSize;
    }

    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public StorageConfig withUrl(String newUrl) {
        return new StorageConfig(newUrl, username, password, poolSize);
    }

    /** The URL with any password parameter or user-info hidden, safe for logs and errors ({@link Redaction#url}). */
    public static String redact(String url) {
        return Redaction.url(url);
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + redact(url) + ", username=" + username + ", password=" + password
                + ", poolSize=" + poolSize + "]";
    }
}
