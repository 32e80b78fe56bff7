package io.firebreak.server.config;

/**
 * One problem in a configuration or rule file, located as precisely as we can:
 * {@code firebreak.yml:14: storage.url: unsupported scheme 'mysql'}.
 *
 * @param line 1-based, or 0 when the problem has no line (a missing file, a missing key)
 * @param path the field path ({@code channels[2].url}), or empty for the whole file
 */
public record ConfigError(String file, int line, String path, String message) {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }
}
