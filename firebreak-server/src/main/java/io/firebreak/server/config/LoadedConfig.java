package io.firebreak.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated configuration and where it came from. Relative paths inside it (the SQLite file,
 * rule files) resolve against {@link #baseDir()}, the directory of the config file.
 *
 * @param file the config file, or empty when built-in defaults are in use
 * @param name the file as the user named it, for messages
 */
public record LoadedConfig(AppConfig config, Optional<Path> file, Path baseDir, String name) {

    /** A short name of the source for messages: the file path, or {@code built-in defaults}. */
    public String source() {
        return file.isPresent() ? name : "built-in defaults";
    }

    /** The storage settings with a relative SQLite path made absolute. */
    public StorageConfig storage() {
        StorageConfig storage = config.storage();
        return storage.isSqlite() ? storage.withUrl(resolveSqlite(storage.url(), baseDir)) : storage;
    }

    /** Rule files, made absolute. */
    public List<Path> ruleFiles() {
        return config.ruleFiles().stream().map(name -> baseDir.resolve(name).normalize()).toList();
    }

    static String resolveSqlite(String url, Path baseDir) {
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        String parameters = query < 0 ? "" : rest.substring(query);
        if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:") || Path.of(path).isAbsolute()) {
            return url;
        }
        return "jdbc:sqlite:" + baseDir.resolve(path).normalize() + parameters;
    }
}
