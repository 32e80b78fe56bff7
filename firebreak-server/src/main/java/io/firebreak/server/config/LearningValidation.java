package io.firebreak.server.config;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.time.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks {@code postmortems} and {@code communication}: the severities that need one must exist and the due time must be a
 * positive duration, so a typo fails at load time with its file:line rather than silently never
 * requiring a post-mortem.
 */
final class LearningValidation {
    private LearningValidation() {}

    static List<ConfigError> errors(AppConfig config, YamlDocument document) {
        List<ConfigError> errors = new ArrayList<>();
        PostMortemConfig postmortems = config.postmortems();
        for (int i = 0; i < postmortems.required().size(); i++) {
            String severity = postmortems.required().get(i);
            if (severity == null || Severity.parse(severity).isEmpty()) {
                errors.add(document.error("postmortems.required[" + i + "]",
                        "unknown severity '" + severity + "' (use " + Severity.accepted() + ")"));
            }
        }
        var due = Durations.parse(postmortems.dueAfter());
        if (due.isEmpty() || due.get().isNegative() || due.get().isZero()) {
            errors.add(document.error("postmortems.due_after", "expected a positive duration such as 5d or 72h, was '"
                    + postmortems.dueAfter() + "'"));
        }
        config.communication().updateEvery().forEach((severity, duration) -> {
            String path = "communication.update_every." + severity;
            if (Severity.parse(severity).isEmpty()) {
                errors.add(document.error(path, "unknown severity '" + severity + "' (use " + Severity.accepted() + ")"));
            }
            var parsed = Durations.parse(duration);
            if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
                errors.add(document.error(path, "expected a positive duration such as 30m, was '" + duration + "'"));
            }
        });
        var within = Durations.parse(config.communication().onStatusChangeWithin());
        if (!config.communication().off() && (within.isEmpty() || within.get().isNegative() || within.get().isZero())) {
            errors.add(document.error("communication.on_status_change_within", "expected a positive duration such as 15m, or off, was '"
                    + config.communication().onStatusChangeWithin() + "'"));
        }
        for (int i = 0; i < config.services().size(); i++) {
            ServiceConfig service = config.services().get(i);
            String path = "services[" + i + "]";
            if (service.revenuePerMinute() != null && (service.revenuePerMinute() < 0 || service.revenuePerMinute().isNaN()
                    || service.revenuePerMinute().isInfinite())) {
                errors.add(document.error(path + ".revenue_per_minute", "must be a number of 0 or more (revenue per minute of outage), was "
                        + service.revenuePerMinute()));
            }
            if (service.users() != null && service.users() < 0) {
                errors.add(document.error(path + ".users", "must be 0 or more (the service's users), was " + service.users()));
            }
            if (service.slo().isNaN() || service.slo() <= 0 || service.slo() > 100) {
                errors.add(document.error(path + ".slo", "must be a percentage above 0 and at most 100, such as 99.9, was " + service.slo()));
            }
        }
        java.util.Set<String> channels = new java.util.HashSet<>();
        config.channels().forEach(channel -> channels.add(channel.name()));
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < config.stakeholders().size(); i++) {
            StakeholderConfig stakeholder = config.stakeholders().get(i);
            String path = "stakeholders[" + i + "]";
            if (stakeholder.name().isEmpty()) {
                errors.add(document.error(path + ".name", "a stakeholder needs a name"));
            } else if (!names.add(stakeholder.name())) {
                errors.add(document.error(path + ".name", "duplicate stakeholder '" + stakeholder.name() + "'"));
            }
            for (int j = 0; j < stakeholder.channels().size(); j++) {
                String channel = stakeholder.channels().get(j);
                if (!channels.contains(channel)) {
                    errors.add(document.error(path + ".channels[" + j + "]", "unknown channel '" + channel + "' (configured: "
                            + (channels.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(channels))) + ")"));
                }
            }
            if (!stakeholder.sends().isEmpty() && !stakeholder.sendsManagementUpdate()) {
                errors.add(document.error(path + ".sends", "unknown message '" + stakeholder.sends() + "' (use "
                        + StakeholderConfig.MANAGEMENT_UPDATE + ", or leave it out)"));
            }
            stakeholder.deadlines().forEach((severity, duration) -> {
                if (Severity.parse(severity).isEmpty()) {
                    errors.add(document.error(path + ".deadlines." + severity, "unknown severity '" + severity + "' (use " + Severity.accepted() + ")"));
                }
                var parsed = Durations.parse(duration);
                if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
                    errors.add(document.error(path + ".deadlines." + severity, "expected a positive duration such as 15m, was '" + duration + "'"));
                }
            });
        }
        return errors;
    }
}
