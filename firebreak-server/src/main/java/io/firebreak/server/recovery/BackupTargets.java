package io.firebreak.server.recovery;

import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.BackupConfig;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.config.TierConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Each configured backup with the tier and RPO it is held to: its own {@code rpo}, else its tier's, else
 * the tier of its service. Validation guarantees one of them exists for a loaded configuration.
 */
public record BackupTargets(List<Target> targets) {

    /** One backup and its objective. */
    public record Target(BackupConfig backup, Optional<TierConfig> tier, Duration rpo) {
        public String name() {
            return backup.name();
        }

        /** The tier number, or 0 when the backup has only an explicit RPO. */
        public int tierNumber() {
            return tier.map(TierConfig::tier).orElse(0);
        }

        /** The incident group of this backup's freshness incidents. */
        public String groupKey() {
            return "firebreak:backup:" + backup.name();
        }
    }

    public BackupTargets {
        targets = List.copyOf(targets);
    }

    public static BackupTargets from(AppConfig config) {
        return new BackupTargets(config.backups().stream().map(backup -> {
            Optional<TierConfig> tier = backup.tier() != null ? config.tier(backup.tier())
                    : config.service(backup.service()).map(ServiceConfig::tier).flatMap(config::tier);
            Duration rpo = backup.rpo() != null ? backup.rpo() : tier.map(TierConfig::rpo).orElse(Duration.ofDays(1));
            return new Target(backup, tier, rpo);
        }).toList());
    }

    public Optional<Target> find(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
