package io.firebreak.server.config;

import java.util.List;

/**
 * Where the time of a backup's newest copy comes from. {@code type} is one of {@code file} (the newest
 * file matching {@code path}, a glob; its modification time, or with {@code name_time: true} a timestamp in
 * its name), {@code prometheus} ({@code query} returns the last success as unix seconds), {@code command}
 * (prints a timestamp) or {@code postgres_wal} ({@code pg_stat_archiver} of the database at {@code url}).
 */
public record BackupSourceConfig(String type, String path, Boolean nameTime, String query, List<String> command,
                                 String url, String username, Secret password) {
    public static final List<String> TYPES = List.of("file", "prometheus", "command", "postgres_wal");

    public BackupSourceConfig {
        type = type == null ? "" : type;
        path = path == null ? "" : path;
        nameTime = nameTime != null && nameTime;
        query = query == null ? "" : query;
        command = command == null ? List.of() : List.copyOf(command);
        url = url == null ? "" : url;
        username = username == null ? "" : username;
        password = password == null ? new Secret("") : password;
    }
}
