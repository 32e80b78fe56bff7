package io.firebreak.core.oncall;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * On-call hours and compensation for a period, computed from the schedules, the overrides, and
 * the incidents' timelines:
 *
 * <ul>
 *   <li><b>On-call weeks</b>: for each rotation shift in the period, the share of it a person held
 *       (after overrides), times the shift's nominal length in weeks, summed over schedules. A whole
 *       week-long shift is 1.00 even when daylight saving made it 167 or 169 hours.</li>
 *   <li><b>Response time</b> per incident and person: from their acknowledgement, or their assignment
 *       as commander or responder, whichever came first, until the incident was resolved (or the end
 *       of the period while it is open). Time they logged on the incident replaces that.</li>
 *   <li><b>Comp days</b>: one per SEV1 resolved in the period for its commander and for whoever was on
 *       call in the primary schedule when it was detected (the acknowledger without one); one per
 *       person and incident.</li>
 *   <li><b>Warnings</b>: more response hours in a week (Monday to Monday in the report's zone) than the
 *       limit, and on-call runs (any schedule) longer than the consecutive-week limit, with an hour of
 *       slack for daylight saving.</li>
 * </ul>
 */
public final class OnCallHours {
    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private OnCallHours() {}

    /**
     * @param people     everyone to report on, in order
     * @param rates      hourly rates of those who have one
     * @param personOf   the configured person behind a name in a timeline (a name, an email, a Slack id), if any
     * @param primary    the schedule whose on-call person "handled" a SEV1 as primary, if there is one
     */
    public static HoursReport report(Instant from, Instant to, ZoneId zone, List<Schedule> schedules, List<Override> overrides,
                                     List<String> people, Map<String, BigDecimal> rates, Function<String, Optional<String>> personOf,
                                     List<IncidentWork> incidents, CompensationPolicy policy, Optional<Schedule> primary) {
        Map<String, BigDecimal> weeks = onCallWeeks(from, to, schedules, overrides);
        Map<String, Duration> responseInPeriod = new HashMap<>();
        Map<String, Map<LocalDate, Duration>> responseByWeek = new HashMap<>();
        Map<String, Integer> compDays = new HashMap<>();
        for (IncidentWork work : incidents) {
            response(work, personOf, to, zone, from, responseInPeriod, responseByWeek);
            if (policy.compDayPerSev1()) {
                for (String person : sev1Credit(work, personOf, overrides, primary, from, to)) {
                    compDays.merge(person, 1, Integer::sum);
                }
            }
        }
        List<PersonHours> out = new ArrayList<>();
        for (String person : people) {
            BigDecimal personWeeks = weeks.getOrDefault(person, BigDecimal.ZERO);
            Duration response = responseInPeriod.getOrDefault(person, Duration.ZERO);
            BigDecimal hours = BigDecimal.valueOf(response.toSeconds()).divide(SECONDS_PER_HOUR, PRECISION);
            Optional<BigDecimal> rate = Optional.ofNullable(rates.get(person));
            BigDecimal stipend = money(personWeeks.multiply(policy.weeklyStipend()));
            BigDecimal pay = money(rate.map(r -> hours.multiply(r).multiply(policy.responseMultiplier())).orElse(BigDecimal.ZERO));
            List<String> warnings = new ArrayList<>();
            weeklyWarnings(responseByWeek.getOrDefault(person, Map.of()), from, to, zone, policy, warnings);
            consecutiveWarnings(person, from, to, zone, schedules, overrides, policy, warnings);
            out.add(new PersonHours(person, personWeeks.setScale(2, RoundingMode.HALF_UP), stipend, hours.setScale(2, RoundingMode.HALF_UP),
                    rate, pay, compDays.getOrDefault(person, 0), stipend.add(pay), warnings));
        }
        return new HoursReport(from, to, policy.currency(), out);
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** Each person's on-call weeks in {@code [from, to)}, unrounded. */
    static Map<String, BigDecimal> onCallWeeks(Instant from, Instant to, List<Schedule> schedules, List<Override> overrides) {
        Map<String, BigDecimal> weeks = new HashMap<>();
        for (Schedule schedule : schedules) {
            BigDecimal nominalWeeks = BigDecimal.valueOf(schedule.rotation().nominalShift().toSeconds())
                    .divide(BigDecimal.valueOf(Duration.ofDays(7).toSeconds()), PRECISION);
            long index = Math.max(0, schedule.shiftIndex(from));
            for (int guard = 0; guard < OnCall.MAX_SHIFTS; guard++, index++) {
                Instant baseStart = schedule.shiftStart(index);
                if (!baseStart.isBefore(to)) {
                    break;
                }
                Instant baseEnd = schedule.shiftStart(index + 1);
                BigDecimal baseSeconds = BigDecimal.valueOf(Duration.between(baseStart, baseEnd).toSeconds());
                Instant start = baseStart.isBefore(from) ? from : baseStart;
                Instant end = baseEnd.isAfter(to) ? to : baseEnd;
                if (!end.isAfter(start)) {
                    continue;
                }
                for (Shift shift : OnCall.shifts(schedule, overrides, start, end)) {
                    BigDecimal share = BigDecimal.valueOf(shift.length().toSeconds()).divide(baseSeconds, PRECISION).multiply(nominalWeeks);
                    weeks.merge(shift.person(), share, BigDecimal::add);
                }
            }
        }
        return weeks;
    }

    private static void response(IncidentWork work, Function<String, Optional<String>> personOf, Instant periodEnd, ZoneId zone,
                                 Instant periodStart, Map<String, Duration> inPeriod, Map<String, Map<LocalDate, Duration>> byWeek) {
        Map<String, List<TimeLog>> logged = new LinkedHashMap<>();
        for (TimeLog log : work.logged()) {
            personOf.apply(log.person()).ifPresent(person -> logged.computeIfAbsent(person, p -> new ArrayList<>()).add(log));
        }
        logged.forEach((person, logs) -> {
            for (TimeLog log : logs) {
                byWeek.computeIfAbsent(person, p -> new TreeMap<>()).merge(weekOf(log.at(), zone), log.spent(), Duration::plus);
                if (!log.at().isBefore(periodStart) && log.at().isBefore(periodEnd)) {
                    inPeriod.merge(person, log.spent(), Duration::plus);
                }
            }
        });
        Instant end = work.incident().resolved() != null ? work.incident().resolved() : periodEnd;
        for (var joined : joined(work.timeline(), personOf).entrySet()) {
            String person = joined.getKey();
            Instant start = joined.getValue();
            if (logged.containsKey(person) || !end.isAfter(start)) {
                continue;
            }
            Instant clippedStart = start.isBefore(periodStart) ? periodStart : start;
            Instant clippedEnd = end.isAfter(periodEnd) ? periodEnd : end;
            if (clippedEnd.isAfter(clippedStart)) {
                inPeriod.merge(person, Duration.between(clippedStart, clippedEnd), Duration::plus);
            }
            Map<LocalDate, Duration> weeks = byWeek.computeIfAbsent(person, p -> new TreeMap<>());
            Instant cursor = start;
            while (cursor.isBefore(end)) {
                LocalDate week = weekOf(cursor, zone);
                Instant weekEnd = week.plusWeeks(1).atStartOfDay(zone).toInstant();
                Instant pieceEnd = weekEnd.isBefore(end) ? weekEnd : end;
                weeks.merge(week, Duration.between(cursor, pieceEnd), Duration::plus);
                cursor = pieceEnd;
            }
        }
    }

    /** When each person joined the response: was paged for it, acknowledged it, or was made commander or responder; the earliest counts. */
    static Map<String, Instant> joined(List<IncidentEvent> timeline, Function<String, Optional<String>> personOf) {
        Map<String, Instant> joined = new LinkedHashMap<>();
        for (IncidentEvent event : timeline) {
            String name = switch (event.type()) {
                case PAGED -> paged(event.message());
                case ACKNOWLEDGED -> event.actor();
                case COMMANDER_ASSIGNED -> named(event.message(), "incident commander: ");
                case RESPONDER_ADDED -> named(event.message(), "responder: ");
                default -> "";
            };
            if (!name.isEmpty()) {
                personOf.apply(name).ifPresent(person -> joined.merge(person, event.at(), (a, b) -> a.isBefore(b) ? a : b));
            }
        }
        return joined;
    }

    /** The person in a page's {@code NAME (step N of POLICY, TARGET) via CHANNELS}; a page to a channel names none. */
    private static String paged(String message) {
        int step = message.indexOf(" (step ");
        return step <= 0 || message.startsWith("channel ") ? "" : message.substring(0, step).strip();
    }

    /** The name in {@code incident commander: NAME (was X)} or {@code responder: NAME}. */
    private static String named(String message, String prefix) {
        if (!message.startsWith(prefix)) {
            return "";
        }
        String rest = message.substring(prefix.length());
        int was = rest.indexOf(" (was ");
        return (was < 0 ? rest : rest.substring(0, was)).strip();
    }

    private static Set<String> sev1Credit(IncidentWork work, Function<String, Optional<String>> personOf, List<Override> overrides,
                                          Optional<Schedule> primary, Instant from, Instant to) {
        var incident = work.incident();
        Set<String> credited = new HashSet<>();
        if (incident.severity() != Severity.CRITICAL || incident.resolved() == null
                || incident.resolved().isBefore(from) || !incident.resolved().isBefore(to)) {
            return credited;
        }
        personOf.apply(incident.commander()).ifPresent(credited::add);
        if (primary.isPresent()) {
            OnCall.at(primary.get(), overrides, incident.detected()).forEach(name -> personOf.apply(name).ifPresent(credited::add));
        } else {
            work.timeline().stream().filter(e -> e.type() == EventType.ACKNOWLEDGED).findFirst()
                    .flatMap(e -> personOf.apply(e.actor())).ifPresent(credited::add);
        }
        return credited;
    }

    private static LocalDate weekOf(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static void weeklyWarnings(Map<LocalDate, Duration> weeks, Instant from, Instant to, ZoneId zone, CompensationPolicy policy,
                                       List<String> warnings) {
        Duration limit = Duration.ofHours(policy.maxResponseHoursPerWeek());
        new TreeMap<>(weeks).forEach((week, spent) -> {
            Instant weekStart = week.atStartOfDay(zone).toInstant();
            Instant weekEnd = week.plusWeeks(1).atStartOfDay(zone).toInstant();
            if (spent.compareTo(limit) > 0 && weekStart.isBefore(to) && weekEnd.isAfter(from)) {
                warnings.add("week of " + week + ": " + hours(spent) + " response hours (limit " + policy.maxResponseHoursPerWeek() + ")");
            }
        });
    }

    private static void consecutiveWarnings(String person, Instant from, Instant to, ZoneId zone, List<Schedule> schedules,
                                            List<Override> overrides, CompensationPolicy policy, List<String> warnings) {
        Duration margin = Duration.ofDays(7L * (policy.maxConsecutiveWeeks() + 1));
        Duration limit = Duration.ofDays(7L * policy.maxConsecutiveWeeks()).plusHours(1);
        List<Shift> mine = new ArrayList<>();
        for (Schedule schedule : schedules) {
            OnCall.shifts(schedule, overrides, from.minus(margin), to.plus(margin)).stream()
                    .filter(shift -> shift.person().equals(person)).forEach(mine::add);
        }
        for (Span run : OnCall.union(mine)) {
            if (run.length().compareTo(limit) > 0 && run.start().isBefore(to) && run.end().isAfter(from)) {
                warnings.add("on call " + run.length().toDays() + " days in a row from " + run.start().atZone(zone).toLocalDate()
                        + " (limit " + policy.maxConsecutiveWeeks() + " weeks)");
            }
        }
    }

    private static String hours(Duration duration) {
        return BigDecimal.valueOf(duration.toSeconds()).divide(SECONDS_PER_HOUR, PRECISION).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
