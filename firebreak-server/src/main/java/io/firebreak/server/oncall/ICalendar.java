package io.firebreak.server.oncall;

import io.firebreak.core.oncall.Shift;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * On-call shifts as an RFC 5545 calendar: one VEVENT per shift with a stable UID (schedule,
 * person, start), times in UTC, CRLF line ends, lines folded at 75 octets without splitting a
 * UTF-8 character, and TEXT values escaped. Calendar clients subscribe to it and see who is on.
 */
public final class ICalendar {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_OCTETS = 75;

    private ICalendar() {}

    /**
     * @param name    the calendar's display name
     * @param stamp   when the feed was generated (DTSTAMP)
     * @param domain  the right-hand side of the UIDs, e.g. the service's host
     */
    public static String feed(String name, List<Shift> shifts, Instant stamp, String domain) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//Firebreak//On-call//EN");
        line(out, "CALSCALE:GREGORIAN");
        // No METHOD: this is a subscription feed, not an iTIP message (METHOD:PUBLISH would require an ORGANIZER per event).
        line(out, "X-WR-CALNAME:" + text(name));
        for (Shift shift : shifts) {
            line(out, "BEGIN:VEVENT");
            line(out, "UID:" + uidPart(shift.schedule()) + "-" + uidPart(shift.person()) + "-" + UTC.format(shift.start()) + "@" + uidPart(domain));
            line(out, "DTSTAMP:" + UTC.format(stamp));
            line(out, "DTSTART:" + UTC.format(shift.start()));
            line(out, "DTEND:" + UTC.format(shift.end()));
            line(out, "SUMMARY:" + text("On call: " + shift.person() + " (" + shift.schedule() + ")" + (shift.covering() ? ", override" : "")));
            line(out, "DESCRIPTION:" + text(shift.person() + " is on call in schedule " + shift.schedule() + (shift.covering()
                    ? " (an override)." : " (rotation).")));
            line(out, "TRANSP:TRANSPARENT");
            line(out, "END:VEVENT");
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. */
    static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
                .replace("\r", "\\n").replaceAll("\\p{Cntrl}", "");
    }

    private static String uidPart(String value) {
        return value.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Appends one content line, folded: at most 75 octets per physical line, continuation lines start with a space. */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int limit = MAX_OCTETS;
        for (int i = 0; i < content.length(); ) {
            int codePoint = content.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 0;
                limit = MAX_OCTETS - 1;   // the leading space counts
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append("\r\n");
    }
}
