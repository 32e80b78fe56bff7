package io.firebreak.server.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A backup Firebreak watches: where its newest copy's time comes from, the RPO it must meet (its own
 * {@code rpo}, else its {@code tier}'s, else the tier of its {@code service}), and how to verify a restore.
 */
public record BackupConfig(String name, String service, Integer tier, Duration rpo, BackupSourceConfig source,
                           BackupVerifyConfig verify) {
    public BackupConfig {
        name = name == null ? "" : name;
        service = service == null ? "" : service;
        source = source == null ? new BackupSourceConfig(null, null, null, null, null, null, null, null) : source;
    }

    public Optional<BackupVerifyConfig> verification() {
        return Optional.ofNullable(verify);
    }
}
