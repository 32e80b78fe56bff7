package io.firebreak.core.status;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Daily uptime bars of one service from its incident history, as a public status page shows them.
 *
 * <p>Downtime is the union of the impact spans ({@code impactStarted} to resolution, or to
 * {@code now} while open) of SEV1 and SEV2 incidents: two overlapping outages are one outage,
 * not twice the downtime. SEV3 and SEV4 incidents colour a day as degraded but cost no uptime,
 * because the service still answered. Days are UTC days so that every reader, wherever they are,
 * sees the same bars; today counts only as far as it has gone, so an outage since midnight shows
 * today at 0 %, not at a misleading fraction of a day nobody has lived yet.
 */
public final class UptimeHistory {
    /** What a status page shows by default, as Statuspage does. */
    public static final int DEFAULT_DAYS = 90;

    private static final Duration DAY = Duration.ofDays(1);

    private UptimeHistory() {}

    /**
     * The last {@code days} UTC days ending with today (the day of {@code now}), oldest first.
     * {@code incidents} are those of one service; incidents outside the window are ignored.
     */
    public static Uptime of(Collection<Incident> incidents, Instant now, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant windowStart = windowStart(now, days);
        List<Span> spans = incidents.stream().map(incident -> Span.of(incident, now)).filter(span -> !span.start().isAfter(now)).toList();
        List<Span> outages = union(spans.stream()
                .filter(span -> costsUptime(span.severity()))
                .map(span -> span.clip(windowStart, now))
                .filter(span -> span.end().isAfter(span.start()))
                .toList());

        List<UptimeDay> bars = new ArrayList<>(days);
        Duration observedTotal = Duration.ZERO;
        Duration downtimeTotal = Duration.ZERO;
        for (int i = 0; i < days; i++) {
            LocalDate date = today.minusDays(days - 1L - i);
            Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = dayStart.plus(DAY);
            Instant observedEnd = dayEnd.isBefore(now) ? dayEnd : now;
            Duration observed = positive(Duration.between(dayStart, observedEnd));
            Duration downtime = Duration.ZERO;
            for (Span outage : outages) {
                downtime = downtime.plus(positive(Duration.between(later(outage.start(), dayStart), earlier(outage.end(), observedEnd))));
            }
            DayLevel level = DayLevel.NO_INCIDENTS;
            for (Span span : spans) {
                if (span.touches(dayStart, dayEnd)) {
                    level = level.worse(DayLevel.of(ServiceState.of(span.severity())));
                }
            }
            bars.add(new UptimeDay(date, observed, downtime, percent(observed, downtime), level));
            observedTotal = observedTotal.plus(observed);
            downtimeTotal = downtimeTotal.plus(downtime);
        }
        return new Uptime(bars, observedTotal, downtimeTotal, percent(observedTotal, downtimeTotal));
    }

    /**
     * The downtime of {@code [from, until)}: the union of the SEV1 and SEV2 impact spans of
     * {@code incidents} (those of one service) clipped to the window, as the daily bars count it.
     */
    public static Duration downtime(Collection<Incident> incidents, Instant from, Instant until) {
        if (!until.isAfter(from)) {
            return Duration.ZERO;
        }
        List<Span> outages = union(incidents.stream().map(incident -> Span.of(incident, until))
                .filter(span -> costsUptime(span.severity()))
                .map(span -> span.clip(from, until))
                .filter(span -> span.end().isAfter(span.start()))
                .toList());
        Duration total = Duration.ZERO;
        for (Span outage : outages) {
            total = total.plus(Duration.between(outage.start(), outage.end()));
        }
        return total;
    }

    /** Whether an incident of {@code severity} is an outage (costs uptime) or only colours its day. */
    public static boolean costsUptime(Severity severity) {
        return severity.level() <= Severity.HIGH.level();
    }

    /** The first instant of a window of {@code days} UTC days ending today: incidents resolved before it do not matter. */
    public static Instant windowStart(Instant now, int days) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** 100 when nothing was observed: no history means no downtime, never NaN. */
    private static double percent(Duration observed, Duration downtime) {
        if (observed.isZero()) {
            return 100.0;
        }
        return 100.0 * (observed.toMillis() - downtime.toMillis()) / observed.toMillis();
    }

    /** Merges overlapping or touching spans, so that time covered twice counts once. */
    private static List<Span> union(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Span::start));
        List<Span> merged = new ArrayList<>();
        for (Span span : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && !span.start().isAfter(merged.get(last).end())) {
                Span previous = merged.get(last);
                merged.set(last, new Span(previous.start(), later(previous.end(), span.end()), previous.severity()));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The time an incident affected its service. */
    private record Span(Instant start, Instant end, Severity severity) {
        static Span of(Incident incident, Instant now) {
            Instant end;
            if (incident.status().isOpen()) {
                end = now;
            } else {
                // A closed incident without a resolution time (closed straight away): its last change ended it.
                end = incident.resolved() != null ? incident.resolved() : incident.updated();
            }
            end = earlier(end, now);
            return new Span(incident.impactStarted(), later(end, incident.impactStarted()), incident.severity());
        }

        Span clip(Instant from, Instant to) {
            return new Span(later(start, from), earlier(end, to), severity);
        }

        /** True if this span has a moment in [dayStart, dayEnd); an instantaneous span counts on its own day. */
        boolean touches(Instant dayStart, Instant dayEnd) {
            return start.isBefore(dayEnd) && (end.isAfter(dayStart) || !start.isBefore(dayStart));
        }
    }
}
