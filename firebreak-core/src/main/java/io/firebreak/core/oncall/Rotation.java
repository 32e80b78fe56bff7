package io.firebreak.core.oncall;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a schedule hands over: every {@code count} hours, days or weeks, at a wall-clock time (and,
 * for weekly rotations, a weekday) in the schedule's time zone, counted from {@code start}.
 *
 * <p>Daily and weekly handoffs follow the local clock: a 09:00 handoff stays at 09:00 local time
 * across daylight-saving changes, so the shift that contains the change is an hour shorter or
 * longer. A handoff time that does not exist that day (inside the spring-forward gap) happens at
 * the first valid instant after it, the end of the gap; one that exists twice (fall-back) happens
 * at its first occurrence. Hourly rotations step in absolute time from the first handoff, because
 * an hour of wall-clock time is ambiguous on those days.
 *
 * @param handoffDay the weekday of the handoff; only for weekly rotations (never null for them)
 */
public record Rotation(Unit unit, int count, DayOfWeek handoffDay, LocalTime handoffTime, LocalDate start) {
    private static final Pattern EVERY = Pattern.compile("(\\d{1,4})([hdw])");
    private static final Pattern HANDOFF = Pattern.compile("(?:([A-Za-z]{3,9})\\s+)?(\\d{1,2}):(\\d{2})");

    /** The unit a rotation steps in. */
    public enum Unit { HOURS, DAYS, WEEKS }

    public Rotation {
        if (unit == null || handoffTime == null || start == null) {
            throw new IllegalArgumentException("a rotation needs a unit, a handoff time and a start date");
        }
        if (count < 1) {
            throw new IllegalArgumentException("a rotation steps at least 1 " + unit.name().toLowerCase(Locale.ROOT) + ", was " + count);
        }
        if (unit == Unit.WEEKS && handoffDay == null) {
            handoffDay = start.getDayOfWeek();
        }
        if (unit != Unit.WEEKS && handoffDay != null) {
            throw new IllegalArgumentException("a handoff weekday only makes sense for a weekly rotation");
        }
    }

    /** The outcome of reading a rotation from its configuration text. */
    public sealed interface Parsed {
        record Ok(Rotation rotation) implements Parsed {}

        /** @param field {@code every}, {@code handoff} or {@code start} */
        record Invalid(String field, String reason) implements Parsed {}
    }

    /**
     * Reads {@code every: 1w}, {@code handoff: "MON 09:00"} (weekly) or {@code "09:00"}, {@code start: 2026-11-02}.
     * A missing handoff means 09:00 (and, weekly, the weekday of the start date).
     */
    public static Parsed parse(String every, String handoff, String start) {
        Matcher step = EVERY.matcher(every == null ? "" : every.strip());
        if (!step.matches() || Integer.parseInt(step.group(1)) < 1) {
            return new Parsed.Invalid("every", "expected 1h, 1d, 1w, Nd or Nw, was '" + every + "'");
        }
        Unit unit = switch (step.group(2)) {
            case "h" -> Unit.HOURS;
            case "d" -> Unit.DAYS;
            default -> Unit.WEEKS;
        };
        LocalDate startDate;
        try {
            startDate = LocalDate.parse(start == null ? "" : start.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return new Parsed.Invalid("start", "expected a date such as 2026-11-02, was '" + start + "'");
        }
        DayOfWeek day = null;
        LocalTime time = LocalTime.of(9, 0);
        if (handoff != null && !handoff.isBlank()) {
            Matcher parts = HANDOFF.matcher(handoff.strip());
            if (!parts.matches()) {
                return new Parsed.Invalid("handoff", "expected \"MON 09:00\" (weekly) or \"09:00\", was '" + handoff + "'");
            }
            if (parts.group(1) != null) {
                Optional<DayOfWeek> parsed = weekday(parts.group(1));
                if (parsed.isEmpty()) {
                    return new Parsed.Invalid("handoff", "unknown weekday '" + parts.group(1) + "' (use MON, TUE, WED, THU, FRI, SAT or SUN)");
                }
                if (unit != Unit.WEEKS) {
                    return new Parsed.Invalid("handoff", "a weekday only makes sense with a weekly rotation (every: 1w); use \"09:00\"");
                }
                day = parsed.get();
            }
            int hour = Integer.parseInt(parts.group(2));
            int minute = Integer.parseInt(parts.group(3));
            if (hour > 23 || minute > 59) {
                return new Parsed.Invalid("handoff", "not a time of day: '" + handoff + "'");
            }
            time = LocalTime.of(hour, minute);
        }
        return new Parsed.Ok(new Rotation(unit, Integer.parseInt(step.group(1)), day, time, startDate));
    }

    private static Optional<DayOfWeek> weekday(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || day.name().startsWith(upper) && upper.length() >= 3) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    /** The nominal length of one shift, ignoring daylight-saving changes: what "one week" means for pay. */
    public Duration nominalShift() {
        return switch (unit) {
            case HOURS -> Duration.ofHours(count);
            case DAYS -> Duration.ofDays(count);
            case WEEKS -> Duration.ofDays(7L * count);
        };
    }

    /** The date of the first handoff: the start date, or for weekly rotations the first handoff weekday on or after it. */
    public LocalDate firstHandoffDate() {
        return unit == Unit.WEEKS ? start.with(TemporalAdjusters.nextOrSame(handoffDay)) : start;
    }

    /** When shift {@code index} begins (shift 0 begins at the first handoff); negative indexes lie before it. */
    public Instant shiftStart(long index, ZoneId zone) {
        if (unit == Unit.HOURS) {
            return resolve(firstHandoffDate().atTime(handoffTime), zone).plus(Duration.ofHours(index * count));
        }
        long days = unit == Unit.DAYS ? count : 7L * count;
        return resolve(firstHandoffDate().plusDays(index * days).atTime(handoffTime), zone);
    }

    /** The index of the shift that contains {@code instant}; negative before the first handoff. */
    public long shiftIndex(Instant instant, ZoneId zone) {
        long index;
        if (unit == Unit.HOURS) {
            long step = Duration.ofHours(count).toMillis();
            index = Math.floorDiv(instant.toEpochMilli() - shiftStart(0, zone).toEpochMilli(), step);
        } else {
            long days = unit == Unit.DAYS ? count : 7L * count;
            index = Math.floorDiv(ChronoUnit.DAYS.between(firstHandoffDate(), instant.atZone(zone).toLocalDate()), days);
        }
        // The date estimate can be one off around the handoff time of day; settle it on the real instants.
        while (shiftStart(index, zone).isAfter(instant)) {
            index--;
        }
        while (!shiftStart(index + 1, zone).isAfter(instant)) {
            index++;
        }
        return index;
    }

    /**
     * A local date-time as an instant: in a spring-forward gap, the end of the gap (the first valid
     * instant after it); in a fall-back overlap, the first occurrence.
     */
    public static Instant resolve(LocalDateTime local, ZoneId zone) {
        List<java.time.ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0));
    }
}
