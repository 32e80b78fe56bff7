package io.firebreak.server.config;

import java.time.Duration;
import java.util.List;

/**
 * How {@code firebreak backup verify NAME} proves a backup restores: {@code restore} runs with the newest
 * backup file in {@code FIREBREAK_BACKUP_FILE}, then each check's SQL runs against {@code database} (the
 * restored copy) and its single number is compared with {@code expect}; {@code cleanup} always runs last.
 *
 * @param every how often {@code firebreak run} verifies the backup by itself ({@code BackupVerifyModule}); null: only by hand
 */
public record BackupVerifyConfig(List<String> restore, VerifyDatabase database, List<Check> checks, List<String> cleanup,
                                 Duration every, Duration timeout) {
    public BackupVerifyConfig {
        restore = restore == null ? List.of() : List.copyOf(restore);
        database = database == null ? new VerifyDatabase(null, null, null) : database;
        checks = checks == null ? List.of() : List.copyOf(checks);
        cleanup = cleanup == null ? List.of() : List.copyOf(cleanup);
        timeout = timeout == null ? Duration.ofMinutes(30) : timeout;
    }

    /** The restored copy the checks query. */
    public record VerifyDatabase(String url, String username, Secret password) {
        public VerifyDatabase {
            url = url == null ? "" : url;
            username = username == null ? "" : username;
            password = password == null ? new Secret("") : password;
        }
    }

    /**
     * One check: {@code sql} returns one number; {@code expect} is a comparison such as {@code ">= 1"}, or
     * {@code "younger than rpo"} / {@code "younger than 2h"} when the SQL returns a time (epoch seconds or a timestamp).
     */
    public record Check(String sql, String expect) {
        public Check {
            sql = sql == null ? "" : sql;
            expect = expect == null ? "" : expect;
        }
    }
}
