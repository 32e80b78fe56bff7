package io.firebreak.core.report;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Incident metrics over a period: counts by severity and status, mean and median time to detect,
 * acknowledge and resolve per severity, incidents per week (weeks start on Monday, UTC), and what
 * is still open.
 */
public record IncidentReport(
        Instant since,
        Instant until,
        int total,
        Map<Severity, Integer> bySeverity,
        Map<IncidentStatus, Integer> byStatus,
        Map<Severity, Timings> timings,
        List<Incident> open,
        java.util.SortedMap<java.time.LocalDate, Integer> perWeek) {

    public IncidentReport {
        bySeverity = Map.copyOf(bySeverity);
        byStatus = Map.copyOf(byStatus);
        timings = Map.copyOf(timings);
        open = List.copyOf(open);
        perWeek = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(perWeek));
    }

    /** The Monday (UTC) of the week {@code instant} falls in. */
    public static java.time.LocalDate weekOf(Instant instant) {
        return instant.atZone(java.time.ZoneOffset.UTC).toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
    }

    /** Mean and median durations of one severity; a stat is empty when no incident had the timestamp. */
    public record Timings(int count, Stat toDetect, Stat toAcknowledge, Stat toResolve) {}

    /** Mean and median of a set of durations, and how many there were. */
    public record Stat(int samples, Optional<Duration> mean, Optional<Duration> median) {
        static Stat of(List<Duration> values) {
            return of(Distribution.of(values));
        }

        /** The mean and median of a distribution: the same figures, from the values sorted as numbers. */
        static Stat of(Distribution distribution) {
            return new Stat(distribution.samples(), distribution.mean(), distribution.median());
        }
    }

    /**
     * Summarises the incidents detected in {@code [since, until]}; {@code open} lists every open
     * incident given, whenever it was detected, because an old open incident matters most.
     */
    public static IncidentReport of(List<Incident> incidents, Instant since, Instant until) {
        List<Incident> inPeriod = incidents.stream()
                .filter(incident -> !incident.detected().isBefore(since) && !incident.detected().isAfter(until))
                .toList();
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        Map<IncidentStatus, Integer> byStatus = new EnumMap<>(IncidentStatus.class);
        Map<Severity, Timings> timings = new EnumMap<>(Severity.class);
        for (Incident incident : inPeriod) {
            bySeverity.merge(incident.severity(), 1, Integer::sum);
            byStatus.merge(incident.status(), 1, Integer::sum);
        }
        Map<Severity, List<Incident>> bySeverityIncidents = new EnumMap<>(Severity.class);
        for (Incident incident : inPeriod) {
            bySeverityIncidents.computeIfAbsent(incident.severity(), severity -> new ArrayList<>()).add(incident);
        }
        bySeverityIncidents.forEach((severity, ofSeverity) -> {
            // as numbers: no Duration or Optional per incident
            Distribution.Samples samples = Distribution.samples(ofSeverity);
            timings.put(severity, new Timings(ofSeverity.size(), Stat.of(Distribution.ofNanos(samples.detect(), samples.detected())),
                    Stat.of(Distribution.ofNanos(samples.acknowledge(), samples.acknowledged())),
                    Stat.of(Distribution.ofNanos(samples.resolve(), samples.resolved()))));
        });
        List<Incident> open = incidents.stream()
                .filter(incident -> incident.status().isOpen())
                .sorted(Comparator.comparing(Incident::severity).thenComparing(Incident::detected))
                .toList();
        java.util.SortedMap<java.time.LocalDate, Integer> perWeek = new java.util.TreeMap<>();
        for (java.time.LocalDate week = weekOf(since); !week.isAfter(weekOf(until)); week = week.plusWeeks(1)) {
            perWeek.put(week, 0);
        }
        // a week per UTC day, not per incident: the period's incidents come a day at a time (a month of a large store is
        // 27,000 incidents on 30 days), and each conversion makes a date-time and a date
        long day = Long.MIN_VALUE;
        java.time.LocalDate week = null;
        for (Incident incident : inPeriod) {
            long epochDay = Math.floorDiv(incident.detected().getEpochSecond(), 86_400L);
            if (epochDay != day) {
                day = epochDay;
                week = weekOf(incident.detected());
            }
            perWeek.merge(week, 1, Integer::sum);
        }
        return new IncidentReport(since, until, inPeriod.size(), bySeverity, byStatus, timings, open, perWeek);
    }
}
