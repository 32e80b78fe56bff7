package io.firebreak.server.config;

import io.firebreak.core.oncall.OnCall;
import io.firebreak.core.oncall.Rotation;
import io.firebreak.core.time.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks {@code people}, {@code schedules} and {@code compensation}: errors (unknown people or time
 * zones, rotations that do not parse, duplicates) stop the configuration from loading; warnings
 * (a rotation that keeps someone on longer than {@code max_consecutive_weeks}, a schedule with
 * nobody in it) are printed by {@code config check} and do not.
 */
final class OnCallValidation {
    private final YamlDocument document;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();

    private OnCallValidation(YamlDocument document) {
        this.document = document;
    }

    static List<ConfigError> errors(AppConfig config, YamlDocument document) {
        OnCallValidation validation = new OnCallValidation(document);
        validation.check(config);
        return List.copyOf(validation.errors);
    }

    static List<ConfigError> warnings(AppConfig config, YamlDocument document) {
        OnCallValidation validation = new OnCallValidation(document);
        validation.check(config);
        return validation.errors.isEmpty() ? List.copyOf(validation.warnings) : List.of();
    }

    private void check(AppConfig config) {
        Set<String> people = people(config.people());
        Set<String> schedules = new LinkedHashSet<>();
        for (int i = 0; i < config.schedules().size(); i++) {
            schedule(config.schedules().get(i), "schedules[" + i + "]", people, schedules, config.compensation());
        }
        compensation(config.compensation(), schedules);
    }

    private Set<String> people(List<PersonConfig> people) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < people.size(); i++) {
            PersonConfig person = people.get(i);
            String path = "people[" + i + "]";
            if (person.name().isEmpty()) {
                errors.add(document.error(path + ".name", "every person needs a name"));
            } else if (!names.add(person.name())) {
                errors.add(document.error(path + ".name", "duplicate person '" + person.name() + "'"));
            }
            if (!person.email().isEmpty() && !person.email().matches("[^@\\s]+@[^@\\s]+")) {
                errors.add(document.error(path + ".email", "not an email address: '" + person.email() + "'"));
            }
            if (!person.timezone().isEmpty()) {
                zone(path + ".timezone", person.timezone());
            }
            if (person.hourlyRate() != null && person.hourlyRate().signum() < 0) {
                errors.add(document.error(path + ".hourly_rate", "must not be negative"));
            }
        }
        return names;
    }

    private void schedule(ScheduleConfig schedule, String path, Set<String> people, Set<String> names, CompensationConfig compensation) {
        if (schedule.name().isEmpty()) {
            errors.add(document.error(path + ".name", "every schedule needs a name"));
        } else if (!names.add(schedule.name())) {
            errors.add(document.error(path + ".name", "duplicate schedule '" + schedule.name() + "'"));
        }
        boolean zoneOk;
        if (schedule.timezone().isEmpty()) {
            errors.add(document.error(path + ".timezone", "missing: the IANA time zone handoffs follow, such as Europe/Madrid"));
            zoneOk = false;
        } else {
            zoneOk = zone(path + ".timezone", schedule.timezone());
        }
        Rotation.Parsed rotation = null;
        if (schedule.rotation() == null) {
            errors.add(document.error(path + ".rotation", "missing: {every: 1w, handoff: \"MON 09:00\", start: 2026-11-02}"));
        } else {
            rotation = Rotation.parse(schedule.rotation().every(), schedule.rotation().handoff(), schedule.rotation().start());
            if (rotation instanceof Rotation.Parsed.Invalid invalid) {
                errors.add(document.error(path + ".rotation." + invalid.field(), invalid.reason()));
            }
        }
        for (int p = 0; p < schedule.participants().size(); p++) {
            String participant = schedule.participants().get(p);
            if (participant == null || !people.contains(participant)) {
                errors.add(document.error(path + ".participants[" + p + "]", "unknown person '" + participant + "'"
                        + DidYouMean.closest(String.valueOf(participant), people).map(n -> " (did you mean '" + n + "'?)")
                                .orElse(people.isEmpty() ? " (add them under people:)" : "")));
            }
        }
        if (!errors.isEmpty() || !zoneOk || !(rotation instanceof Rotation.Parsed.Ok)) {
            return;
        }
        if (schedule.participants().isEmpty()) {
            warnings.add(document.error(path + ".participants", "nobody is ever on call in schedule '" + schedule.name() + "'"));
            return;
        }
        Duration limit = Duration.ofDays(7L * compensation.maxConsecutiveWeeks());
        OnCall.longestStretches(schedule.schedule()).forEach((person, stretch) -> {
            if (stretch.isEmpty()) {
                warnings.add(document.error(path + ".participants", person + " is on call in '" + schedule.name()
                        + "' without a break (limit " + compensation.maxConsecutiveWeeks() + " consecutive weeks)"));
            } else if (stretch.get().compareTo(limit) > 0) {
                warnings.add(document.error(path + ".participants", person + " is on call for " + Durations.format(stretch.get())
                        + " in a row in '" + schedule.name() + "' (limit " + compensation.maxConsecutiveWeeks() + " consecutive weeks)"));
            }
        });
    }

    private void compensation(CompensationConfig compensation, Set<String> schedules) {
        nonNegative("compensation.weekly_stipend", compensation.weeklyStipend());
        nonNegative("compensation.response_multiplier", compensation.responseMultiplier());
        if (compensation.maxConsecutiveWeeks() < 1) {
            errors.add(document.error("compensation.max_consecutive_weeks", "must be at least 1"));
        }
        if (compensation.maxResponseHoursPerWeek() < 1) {
            errors.add(document.error("compensation.max_response_hours_per_week", "must be at least 1"));
        }
        if (!compensation.currency().matches("[A-Z]{3}")) {
            errors.add(document.error("compensation.currency", "expected an ISO 4217 code such as USD or EUR, was '" + compensation.currency() + "'"));
        }
        zone("compensation.timezone", compensation.timezone());
        if (!compensation.primarySchedule().isEmpty() && !schedules.contains(compensation.primarySchedule())) {
            errors.add(document.error("compensation.primary_schedule", "unknown schedule '" + compensation.primarySchedule() + "'"
                    + DidYouMean.closest(compensation.primarySchedule(), schedules).map(n -> " (did you mean '" + n + "'?)").orElse("")));
        }
    }

    private void nonNegative(String path, BigDecimal value) {
        if (value.signum() < 0) {
            errors.add(document.error(path, "must not be negative"));
        }
    }

    private boolean zone(String path, String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (java.time.DateTimeException e) {
            Set<String> known = new HashSet<>(ZoneId.getAvailableZoneIds());
            errors.add(document.error(path, "unknown time zone '" + zone + "'"
                    + DidYouMean.closest(zone, known).map(z -> " (did you mean '" + z + "'?)").orElse(" (use an IANA name such as Europe/Madrid)")));
            return false;
        }
    }
}
