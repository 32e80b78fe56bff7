package io.firebreak.server.config;

import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of {@code tiers}, {@code backups} and {@code drills}, and of the tier each service names. An
 * unknown tier or source type is an error; a backup whose own RPO is looser than its tier allows is a
 * warning (the backup is watched against the looser value, which the operator chose knowingly or not).
 */
final class RecoveryValidation {
    private final YamlDocument document;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();

    private RecoveryValidation(YamlDocument document) {
        this.document = document;
    }

    static List<ConfigError> errors(AppConfig config, YamlDocument document) {
        return run(config, document).errors;
    }

    static List<ConfigError> warnings(AppConfig config, YamlDocument document) {
        return run(config, document).warnings;
    }

    private static RecoveryValidation run(AppConfig config, YamlDocument document) {
        RecoveryValidation validation = new RecoveryValidation(document);
        validation.tiers(config);
        validation.services(config);
        validation.backups(config);
        validation.drills(config);
        validation.procedures(config);
        return validation;
    }

    private void tiers(AppConfig config) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < config.tiers().size(); i++) {
            TierConfig tier = config.tiers().get(i);
            String path = "tiers[" + i + "]";
            if (tier.tier() < 1) {
                error(path + ".tier", "a tier number of 1 or more is required");
            } else if (!seen.add(tier.tier())) {
                error(path + ".tier", "tier " + tier.tier() + " is defined twice");
            }
            positive(path + ".rto", tier.rto(), true);
            positive(path + ".rpo", tier.rpo(), true);
        }
    }

    private void services(AppConfig config) {
        if (config.tiers().isEmpty()) {
            return;   // without tiers, a service's tier is only a label
        }
        for (int i = 0; i < config.services().size(); i++) {
            ServiceConfig service = config.services().get(i);
            boolean inRange = service.tier() >= 1 && service.tier() <= 4;   // out of range is reported by the service checks
            if (inRange && config.tier(service.tier()).isEmpty()) {
                error("services[" + i + "].tier", unknownTier(config, service.tier()));
            }
        }
    }

    private void backups(AppConfig config) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < config.backups().size(); i++) {
            BackupConfig backup = config.backups().get(i);
            String path = "backups[" + i + "]";
            if (backup.name().isBlank()) {
                error(path + ".name", "a backup needs a name");
            } else if (!backup.name().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                error(path + ".name", "use letters, digits, '-', '_' and '.': '" + backup.name() + "'");
            } else if (!names.add(backup.name())) {
                error(path + ".name", "backup '" + backup.name() + "' is defined twice");
            }
            Optional<TierConfig> tier = Optional.empty();
            if (backup.tier() != null) {
                tier = config.tier(backup.tier());
                if (tier.isEmpty()) {
                    error(path + ".tier", unknownTier(config, backup.tier()));
                }
            } else if (!backup.service().isEmpty()) {
                Optional<ServiceConfig> service = config.service(backup.service());
                if (service.isEmpty()) {
                    error(path + ".service", "unknown service '" + backup.service() + "' (services: are "
                            + config.services().stream().map(ServiceConfig::name).toList() + ")");
                } else {
                    tier = config.tier(service.get().tier());
                }
            }
            positive(path + ".rpo", backup.rpo(), false);
            if (backup.rpo() == null && tier.isEmpty()) {
                error(path, "no RPO: set rpo:, tier:, or a service: whose tier is in tiers:");
            }
            if (backup.rpo() != null && tier.isPresent() && tier.get().rpo() != null && backup.rpo().compareTo(tier.get().rpo()) > 0) {
                warnings.add(document.error(path + ".rpo", "RPO " + Durations.format(backup.rpo()) + " is longer than tier "
                        + tier.get().tier() + " allows (" + Durations.format(tier.get().rpo()) + ")"));
            }
            source(path + ".source", backup.source());
            backup.verification().ifPresent(verify -> verify(path + ".verify", verify));
        }
    }

    private void source(String path, BackupSourceConfig source) {
        switch (source.type()) {
            case "file" -> {
                if (source.path().isBlank()) {
                    error(path + ".path", "a file source needs path: (a glob such as /var/backups/db/*.dump)");
                }
            }
            case "prometheus" -> {
                if (source.query().isBlank()) {
                    error(path + ".query", "a prometheus source needs query: returning the last success as unix seconds");
                }
            }
            case "command" -> {
                if (source.command().isEmpty()) {
                    error(path + ".command", "a command source needs command: [program, args...] printing a timestamp");
                }
            }
            case "postgres_wal" -> {
                if (!source.url().startsWith("jdbc:postgresql:")) {
                    error(path + ".url", "a postgres_wal source needs url: jdbc:postgresql://host:port/db");
                }
            }
            default -> error(path + ".type", (source.type().isEmpty() ? "missing source type" : "unknown source type '" + source.type() + "'")
                    + " (use " + String.join(", ", BackupSourceConfig.TYPES) + ")");
        }
    }

    private void verify(String path, BackupVerifyConfig verify) {
        if (verify.restore().isEmpty()) {
            error(path + ".restore", "a verification needs restore: [program, args...]");
        }
        if (!verify.checks().isEmpty() && !verify.database().url().startsWith("jdbc:postgresql:")) {
            error(path + ".database.url", "checks need database.url: jdbc:postgresql://host:port/scratch");
        }
        for (int i = 0; i < verify.checks().size(); i++) {
            BackupVerifyConfig.Check check = verify.checks().get(i);
            if (check.sql().isBlank()) {
                error(path + ".checks[" + i + "].sql", "a check needs sql:");
            }
            if (io.firebreak.core.recovery.CheckExpectation.parse(check.expect()).isEmpty()) {
                error(path + ".checks[" + i + "].expect", "cannot read expect: '" + check.expect()
                        + "' (use e.g. \">= 1\", \"> 100\", \"== 0\", \"younger than rpo\", \"younger than 2h\")");
            }
        }
        positive(path + ".every", verify.every(), false);
        positive(path + ".timeout", verify.timeout(), false);
    }

    private void drills(AppConfig config) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < config.drills().size(); i++) {
            DrillConfig drill = config.drills().get(i);
            String path = "drills[" + i + "]";
            if (drill.name().isBlank()) {
                error(path + ".name", "a drill needs a name");
            } else if (!names.add(drill.name())) {
                error(path + ".name", "drill '" + drill.name() + "' is defined twice");
            }
            positive(path + ".every", drill.every(), true);
            String doneBy = drill.doneBy();
            if (doneBy.startsWith("verify:")) {
                String backup = doneBy.substring("verify:".length());
                if (config.backups().stream().noneMatch(b -> b.name().equals(backup) && b.verify() != null)) {
                    error(path + ".done_by", "no backup '" + backup + "' with verify: to count as this drill");
                }
            } else if (!doneBy.equals("record") && !doneBy.equals("simulate")) {
                error(path + ".done_by", "unknown done_by '" + doneBy + "' (use record, simulate or verify:BACKUP)");
            }
        }
    }

    private void procedures(AppConfig config) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < config.procedures().size(); i++) {
            ProcedureConfig procedure = config.procedures().get(i);
            String path = "procedures[" + i + "]";
            if (!procedure.name().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                error(path + ".name", "a procedure needs a name of letters, digits, '-', '_' and '.'");
            } else if (!names.add(procedure.name())) {
                error(path + ".name", "procedure '" + procedure.name() + "' is defined twice");
            }
            if (procedure.steps().isEmpty()) {
                error(path + ".steps", "a procedure needs at least one step");
            }
            for (int s = 0; s < procedure.steps().size(); s++) {
                if (procedure.steps().get(s).title().isBlank()) {
                    error(path + ".steps[" + s + "].title", "a step needs a title");
                }
                positive(path + ".steps[" + s + "].planned", procedure.steps().get(s).planned(), true);
            }
        }
    }

    private String unknownTier(AppConfig config, int tier) {
        return "unknown tier " + tier + " (tiers: " + config.tiers().stream().map(TierConfig::tier).toList() + ")";
    }

    private void positive(String path, Duration duration, boolean required) {
        if (duration == null) {
            if (required) {
                error(path, "required");
            }
        } else if (duration.isNegative() || duration.isZero()) {
            error(path, "must be longer than zero");
        }
    }

    private void error(String path, String message) {
        errors.add(document.error(path, message));
    }
}
