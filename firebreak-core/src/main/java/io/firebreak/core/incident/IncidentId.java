package io.firebreak.core.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An incident id, {@code INC-YYYYMMDD-NNN}: the UTC day the incident was declared and its number
 * that day, starting at 1. Numbers above 999 simply grow a digit.
 */
public record IncidentId(LocalDate day, int sequence) implements Comparable<IncidentId> {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern SHAPE = Pattern.compile("INC-(\\d{8})-(\\d{3,9})");

    public IncidentId {
        if (day == null) {
            throw new IllegalArgumentException("incident id needs a day");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("incident sequence must be >= 1, was " + sequence);
        }
    }

    /** The UTC day key used to number incidents, e.g. {@code 20261128}. */
    public static String dayKey(Instant at) {
        return DAY.format(at.atZone(ZoneOffset.UTC).toLocalDate());
    }

    public static IncidentId of(Instant at, int sequence) {
        return new IncidentId(at.atZone(ZoneOffset.UTC).toLocalDate(), sequence);
    }

    public static Optional<IncidentId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var matcher = SHAPE.matcher(text.trim().toUpperCase(java.util.Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IncidentId(LocalDate.parse(matcher.group(1), DAY), Integer.parseInt(matcher.group(2))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "INC-" + DAY.format(day) + "-" + String.format("%03d", sequence);
    }

    @Override
    public int compareTo(IncidentId other) {
        int byDay = day.compareTo(other.day);
        return byDay != 0 ? byDay : Integer.compare(sequence, other.sequence);
    }
}
