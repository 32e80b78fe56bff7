package io.firebreak.server.oncall;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.oncall.HoursReport;
import io.firebreak.core.oncall.IncidentWork;
import io.firebreak.core.oncall.OnCall;
import io.firebreak.core.oncall.OnCallHours;
import io.firebreak.core.oncall.Override;
import io.firebreak.core.oncall.Schedule;
import io.firebreak.core.oncall.Shift;
import io.firebreak.core.oncall.TimeLog;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.PersonConfig;
import io.firebreak.server.config.ScheduleConfig;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OnCallStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is on call, answered from the configured schedules and the overrides in the store: the one
 * place the CLI, the API, the UI and the escalation engine ask ({@link #onCall(String, Instant)}).
 * Also adds overrides with the same validation everywhere, and builds the hours report.
 */
public final class OnCallService {
    private final AppConfig config;
    private final OnCallStore store;
    private final IncidentStore incidents;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();

    public OnCallService(AppConfig config, OnCallStore store, IncidentStore incidents) {
        this.config = config;
        this.store = store;
        this.incidents = incidents;
        for (ScheduleConfig schedule : config.schedules()) {
            schedules.put(schedule.name(), schedule.schedule());
        }
    }

    public AppConfig config() {
        return config;
    }

    public OnCallStore store() {
        return store;
    }

    /** The configured schedules, in configuration order. */
    public List<Schedule> schedules() {
        return List.copyOf(schedules.values());
    }

    public Optional<Schedule> schedule(String name) {
        return Optional.ofNullable(schedules.get(name));
    }

    /**
     * The people on call in schedule {@code scheduleName} at {@code now}, overrides applied; empty for
     * a gap, an empty schedule or an unknown name. Someone an override names who is not configured
     * under {@code people} cannot happen (overrides are validated) but would be left out.
     */
    public List<PersonConfig> onCall(String scheduleName, Instant now) {
        return onCallNames(scheduleName, now).stream().map(config::person).flatMap(Optional::stream).toList();
    }

    /** As {@link #onCall(String, Instant)}, by name. */
    public List<String> onCallNames(String scheduleName, Instant now) {
        Schedule schedule = schedules.get(scheduleName);
        if (schedule == null) {
            return List.of();
        }
        return OnCall.at(schedule, store.overrides(Optional.of(scheduleName), now, now.plusMillis(1)), now);
    }

    /** The shifts of {@code schedule} overlapping {@code [from, to)}, overrides applied. */
    public List<Shift> shifts(Schedule schedule, Instant from, Instant to) {
        return OnCall.shifts(schedule, store.overrides(Optional.of(schedule.name()), from, to), from, to);
    }

    /** An override as people ask for it, before validation. Times may be null when they did not parse (the caller reports them). */
    public record OverrideRequest(String schedule, Override.Kind kind, String person, String replaces, Instant startsAt, Instant endsAt,
                                  String by) {}

    /** The outcome of asking for an override. */
    public sealed interface OverrideOutcome {
        record Added(Override override) implements OverrideOutcome {}

        /** @param field the request field at fault: schedule, person, replaces, starts_at, ends_at */
        record Invalid(String field, String message) implements OverrideOutcome {}

        record Conflict(Override existing, String message) implements OverrideOutcome {}
    }

    public OverrideOutcome addOverride(OverrideRequest request, Instant now) {
        if (request.schedule() == null || !schedules.containsKey(request.schedule())) {
            return new OverrideOutcome.Invalid("schedule", "unknown schedule '" + request.schedule() + "' (configured: "
                    + String.join(", ", schedules.keySet()) + ")");
        }
        String person = request.person() == null ? "" : request.person().strip();
        String replaces = request.replaces() == null ? "" : request.replaces().strip();
        if (request.kind() != Override.Kind.REMOVE) {
            if (person.isEmpty()) {
                return new OverrideOutcome.Invalid("person", "missing: who is on call");
            }
            if (config.person(person).isEmpty()) {
                return new OverrideOutcome.Invalid("person", "unknown person '" + person + "' (add them under people:)");
            }
        } else if (!person.isEmpty()) {
            return new OverrideOutcome.Invalid("person", "a removal puts nobody on call: leave person out");
        }
        if (request.kind() != Override.Kind.ADD) {
            if (replaces.isEmpty()) {
                return new OverrideOutcome.Invalid("replaces", "missing: who is replaced or removed");
            }
            if (config.person(replaces).isEmpty()) {
                return new OverrideOutcome.Invalid("replaces", "unknown person '" + replaces + "'");
            }
            if (replaces.equals(person)) {
                return new OverrideOutcome.Invalid("replaces", "a person cannot replace themselves");
            }
        } else if (!replaces.isEmpty()) {
            return new OverrideOutcome.Invalid("replaces", "an addition replaces nobody: leave replaces out");
        }
        if (request.startsAt() == null) {
            return new OverrideOutcome.Invalid("starts_at", "missing or not a time (2026-11-04T09:00, 2026-11-04T08:00:00Z)");
        }
        if (request.endsAt() == null) {
            return new OverrideOutcome.Invalid("ends_at", "missing or not a time (2026-11-05T09:00, 2026-11-05T08:00:00Z)");
        }
        if (!request.endsAt().isAfter(request.startsAt())) {
            return new OverrideOutcome.Invalid("ends_at", "must be after starts_at");
        }
        if (!request.endsAt().isAfter(now)) {
            return new OverrideOutcome.Invalid("ends_at", "is in the past: an override changes who is on call from now on");
        }
        Override draft = new Override("new", request.schedule(), request.kind(), person, replaces, request.startsAt(), request.endsAt(),
                request.by() == null || request.by().isBlank() ? "unknown" : request.by().strip(), now);
        return switch (store.addOverride(draft)) {
            case OnCallStore.Added.Ok ok -> new OverrideOutcome.Added(ok.override());
            case OnCallStore.Added.Conflict conflict -> new OverrideOutcome.Conflict(conflict.existing(),
                    "overlaps override " + conflict.existing().id() + " (" + conflict.existing().describe() + ", "
                            + conflict.existing().startsAt() + " to " + conflict.existing().endsAt() + ") in schedule " + request.schedule());
        };
    }

    /**
     * A time as people type it: an instant with an offset ({@code 2026-11-04T08:00:00Z}), or a local
     * date-time or date ({@code 2026-11-04T09:00}, {@code 2026-11-04 09:00}, {@code 2026-11-04}) in {@code zone}.
     */
    public static Optional<Instant> parseTime(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.strip().replace(' ', 'T');
        try {
            return Optional.of(java.time.OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(io.firebreak.core.oncall.Rotation.resolve(LocalDateTime.parse(trimmed), zone));
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(io.firebreak.core.oncall.Rotation.resolve(LocalDate.parse(trimmed).atStartOfDay(), zone));
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }
    }

    /** The zone months and weeks are counted in for hours ({@code compensation.timezone}). */
    public ZoneId compensationZone() {
        return ZoneId.of(config.compensation().timezone());
    }

    /** Hours and compensation for {@code month}; for the month in progress, up to {@code now}. */
    public HoursReport hours(YearMonth month, Instant now) {
        ZoneId zone = compensationZone();
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant to = now.isAfter(from) && now.isBefore(monthEnd) ? now : monthEnd;
        Duration margin = Duration.ofDays(7L * (config.compensation().maxConsecutiveWeeks() + 2));
        List<Override> overrides = store.overrides(Optional.empty(), from.minus(margin), to.plus(margin));
        Map<String, Incident> relevant = new LinkedHashMap<>();
        incidents.list(IncidentQuery.all().withSince(from.minus(Duration.ofDays(62)))).forEach(i -> relevant.put(i.id(), i));
        incidents.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), true, 10_000))
                .forEach(i -> relevant.put(i.id(), i));
        List<TimeLog> logs = store.timeLogs(from.minus(Duration.ofDays(7)), to.plus(Duration.ofDays(7)));
        List<IncidentWork> work = new ArrayList<>();
        for (Incident incident : relevant.values()) {
            boolean overlaps = incident.detected().isBefore(to) && (incident.resolved() == null || !incident.resolved().isBefore(from));
            List<TimeLog> logged = logs.stream().filter(log -> log.incidentId().equals(incident.id())).toList();
            if (overlaps || !logged.isEmpty()) {
                work.add(new IncidentWork(incident, incidents.timeline(incident.id()), logged));
            }
        }
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        config.people().forEach(p -> p.rate().ifPresent(rate -> rates.put(p.name(), rate)));
        String primaryName = config.compensation().primarySchedule().isEmpty() ? "primary" : config.compensation().primarySchedule();
        return OnCallHours.report(from, to, zone, schedules(), overrides, config.people().stream().map(PersonConfig::name).toList(), rates,
                this::personOf, work, config.compensation().policy(), schedule(primaryName));
    }

    /** The configured person a name in a timeline stands for: their name, email or Slack id. */
    public Optional<String> personOf(String handle) {
        return config.people().stream().filter(p -> p.answersTo(handle)).map(PersonConfig::name).findFirst();
    }
}
