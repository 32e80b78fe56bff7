package io.firebreak.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentReportTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    static Incident incident(int n, Severity severity, IncidentStatus status, long detectedMin, Long ackMin, Long resolvedMin) {
        Instant detected = T0.plus(Duration.ofMinutes(detectedMin));
        return new Incident("INC-20261120-00" + n, "t" + n, severity, status, "svc", "manual", null, null, null, null, null,
                detected.minusSeconds(60), detected,
                ackMin == null ? null : detected.plus(Duration.ofMinutes(ackMin)),
                resolvedMin == null ? null : detected.plus(Duration.ofMinutes(resolvedMin)), detected);
    }

    @Test
    void meanAndMedianPerSeverity() {
        var incidents = List.of(
                incident(1, Severity.CRITICAL, IncidentStatus.RESOLVED, 0, 2L, 10L),
                incident(2, Severity.CRITICAL, IncidentStatus.RESOLVED, 10, 4L, 30L),
                incident(3, Severity.CRITICAL, IncidentStatus.RESOLVED, 20, 12L, 50L),
                incident(4, Severity.LOW, IncidentStatus.TRIGGERED, 30, null, null));
        var report = IncidentReport.of(incidents, T0, T0.plus(Duration.ofDays(1)));

        assertThat(report.total()).isEqualTo(4);
        assertThat(report.bySeverity()).containsEntry(Severity.CRITICAL, 3).containsEntry(Severity.LOW, 1);
        assertThat(report.byStatus()).containsEntry(IncidentStatus.RESOLVED, 3).containsEntry(IncidentStatus.TRIGGERED, 1);
        var critical = report.timings().get(Severity.CRITICAL);
        assertThat(critical.toAcknowledge().mean()).contains(Duration.ofMinutes(6));
        assertThat(critical.toAcknowledge().median()).contains(Duration.ofMinutes(4));
        assertThat(critical.toResolve().mean()).contains(Duration.ofMinutes(30));
        assertThat(critical.toResolve().median()).contains(Duration.ofMinutes(30));
        assertThat(critical.toDetect().median()).contains(Duration.ofMinutes(1));
        var low = report.timings().get(Severity.LOW);
        assertThat(low.toAcknowledge().samples()).isZero();
        assertThat(low.toAcknowledge().mean()).isEmpty();
        assertThat(report.open()).extracting(Incident::id).containsExactly("INC-20261120-004");
        // 2026-11-20 is a Friday: its week starts on Monday the 16th; the period reaches into the next week
        assertThat(report.perWeek()).containsExactly(
                java.util.Map.entry(java.time.LocalDate.parse("2026-11-16"), 4));
    }

    @Test
    void incidentsPerWeekListEmptyWeeksToo() {
        var incidents = List.of(incident(1, Severity.HIGH, IncidentStatus.RESOLVED, 0, 1L, 2L),
                incident(2, Severity.HIGH, IncidentStatus.RESOLVED, 60 * 24 * 14, 1L, 2L));
        var report = IncidentReport.of(incidents, T0, T0.plus(Duration.ofDays(15)));
        assertThat(report.perWeek()).containsExactly(
                java.util.Map.entry(java.time.LocalDate.parse("2026-11-16"), 1),
                java.util.Map.entry(java.time.LocalDate.parse("2026-11-23"), 0),
                java.util.Map.entry(java.time.LocalDate.parse("2026-11-30"), 1));
    }

    @Test
    void medianOfEvenCountIsTheMiddleAverage() {
        var incidents = List.of(
                incident(1, Severity.HIGH, IncidentStatus.RESOLVED, 0, 1L, 10L),
                incident(2, Severity.HIGH, IncidentStatus.RESOLVED, 0, 3L, 20L));
        var stat = IncidentReport.of(incidents, T0, T0.plus(Duration.ofDays(1))).timings().get(Severity.HIGH);
        assertThat(stat.toAcknowledge().median()).contains(Duration.ofMinutes(2));
    }

    @Test
    void incidentsOutsideThePeriodAreNotCountedButOldOpenOnesAreListed() {
        var old = incident(1, Severity.HIGH, IncidentStatus.INVESTIGATING, -60 * 24 * 40, 1L, null);
        var report = IncidentReport.of(List.of(old), T0, T0.plus(Duration.ofDays(1)));
        assertThat(report.total()).isZero();
        assertThat(report.open()).containsExactly(old);
    }
}
