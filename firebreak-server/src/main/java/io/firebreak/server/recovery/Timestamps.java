package io.firebreak.server.recovery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time of a backup from what a tool printed or how a file is named: unix seconds
 * ({@code 1764385200}, with or without a fraction), ISO-8601 ({@code 2026-11-29T03:00:00Z}), psql's
 * {@code 2026-11-29 03:00:00.123+00}, or a stamp inside a file name ({@code agente-20261129T030000.dump},
 * {@code agente-2026-11-29_03-00.dump}). A time without an offset is UTC.
 */
final class Timestamps {
    private static final Pattern EPOCH = Pattern.compile("\\d{9,11}(\\.\\d+)?");
    private static final Pattern IN_NAME = Pattern.compile(
            "(\\d{4})-?(\\d{2})-?(\\d{2})(?:[T_ -]?(\\d{2})[:-]?(\\d{2})(?:[:-]?(\\d{2}))?)?");
    private static final DateTimeFormatter SQL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:mm", "+00").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private Timestamps() {}

    /** The time in a line of text, when the whole (trimmed) line is one. */
    static Optional<Instant> parse(String text) {
        String line = text == null ? "" : text.strip();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        if (EPOCH.matcher(line).matches()) {
            double seconds = Double.parseDouble(line);
            return Optional.of(Instant.ofEpochMilli(Math.round(seconds * 1000)));
        }
        try {
            return Optional.of(Instant.parse(line));
        } catch (DateTimeParseException ignored) {
            // not an instant with Z
        }
        try {
            return Optional.of(OffsetDateTime.parse(line).toInstant());
        } catch (DateTimeParseException ignored) {
            // not ISO with an offset
        }
        try {
            var parsed = SQL.parseBest(line, OffsetDateTime::from, LocalDateTime::from);
            return Optional.of(parsed instanceof OffsetDateTime offset ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // not psql's format
        }
        try {
            return Optional.of(LocalDateTime.parse(line).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

    /** The last date-time stamp in a file name (UTC). */
    static Optional<Instant> inName(String fileName) {
        Matcher matcher = IN_NAME.matcher(fileName);
        Optional<Instant> found = Optional.empty();
        while (matcher.find()) {
            try {
                LocalDate date = LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3)));
                int hour = matcher.group(4) == null ? 0 : Integer.parseInt(matcher.group(4));
                int minute = matcher.group(5) == null ? 0 : Integer.parseInt(matcher.group(5));
                int second = matcher.group(6) == null ? 0 : Integer.parseInt(matcher.group(6));
                found = Optional.of(date.atTime(hour, minute, second).toInstant(ZoneOffset.UTC));
            } catch (java.time.DateTimeException | NumberFormatException ignored) {
                // digits that are no date
            }
        }
        return found;
    }
}
