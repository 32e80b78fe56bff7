package io.firebreak.core.communication;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.core.report.Distribution;
import io.firebreak.core.report.KpiReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Business impact and the management update, the status-change cadence, and the KPI report's figures. */
class LearningFiguresTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static Incident incident(String id, Severity severity, String service, Instant detected, Instant acknowledged, Instant resolved) {
        return new Incident(id, "Database down", severity, resolved == null ? IncidentStatus.ACKNOWLEDGED : IncidentStatus.RESOLVED, service,
                "manual", null, null, null, "carol", null, detected, detected, acknowledged, resolved, resolved == null ? detected : resolved);
    }

    static IncidentEvent event(String id, int seq, Instant at, EventType type) {
        return new IncidentEvent(id, seq, at, "alice", type, null, null, "");
    }

    @Test
    void managementUpdateStatesRevenueUsersAndTheMonthsBudget() {
        // 20 minutes of SEV1 so far, an earlier 30-minute SEV2 this month: 50 minutes against 43m12s (30 days at 99.9 %)
        Incident earlier = incident("INC-20261105-001", Severity.HIGH, "agente-api", Instant.parse("2026-11-05T00:00:00Z"), null,
                Instant.parse("2026-11-05T00:30:00Z"));
        Incident now = incident("INC-20261120-001", Severity.CRITICAL, "agente-api", T0, T0.plusSeconds(60), null);
        var figures = new BusinessImpact.Figures(500, 12_000, 99.9);
        var impact = BusinessImpact.of(now, figures, List.of(earlier, now), 48_000, T0.plus(Duration.ofMinutes(20)));
        assertThat(impact.revenueLost()).isEqualTo(10_000.0);
        assertThat(impact.usersPercent()).isEqualTo(25.0);
        assertThat(impact.budget()).isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
        assertThat(impact.downtimeThisMonth()).isEqualTo(Duration.ofMinutes(50));
        assertThat(impact.slaBreached()).isTrue();
        String text = ManagementUpdate.text(now, impact, T0.plus(Duration.ofMinutes(20)));
        assertThat(text).startsWith("INCIDENT UPDATE: INC-20261120-001\n\nStatus: INVESTIGATING\nSeverity: SEV1\nDuration: 20m\n")
                .contains("- Revenue: ~$10,000 lost during outage")
                .contains("- Users Affected: 12,000 (25%)")
                .contains("- SLA Impact: Yes, 50m against monthly budget of 43m12s (116% used, SLO 99.9%)")
                .contains("Last Updated: 2026-11-20 10:20 UTC");
        // a service without figures says so instead of "$0"
        var unknown = BusinessImpact.of(now, new BusinessImpact.Figures(-1, -1, 99.9), List.of(now), 0, T0.plus(Duration.ofMinutes(5)));
        assertThat(ManagementUpdate.text(now, unknown, T0)).contains("- Revenue: not configured").contains("- Users Affected: not configured")
                .contains("- SLA Impact: No, 5m");
    }

    @Test
    void sev3UpdateIsDueAfterAStatusChangeNotOnAClock() {
        var cadence = new UpdateCadence(Map.of(Severity.CRITICAL, Duration.ofMinutes(30)), Duration.ofMinutes(15));
        Incident sev3 = incident("INC-20261120-002", Severity.MEDIUM, "", T0, null, null);
        List<IncidentEvent> opened = List.of(event(sev3.id(), 1, T0, EventType.OPENED));
        assertThat(cadence.nextDue(sev3, opened)).isEmpty();
        assertThat(cadence.overdue(sev3, opened, T0.plus(Duration.ofDays(1)))).isFalse();
        assertThat(cadence.describe(Severity.MEDIUM)).isEqualTo("on status change, within 15m");

        Instant changed = T0.plus(Duration.ofHours(2));
        List<IncidentEvent> afterChange = List.of(opened.get(0), event(sev3.id(), 2, changed, EventType.STATUS_CHANGED));
        assertThat(cadence.nextDue(sev3, afterChange)).contains(changed.plus(Duration.ofMinutes(15)));
        assertThat(cadence.overdue(sev3, afterChange, changed.plus(Duration.ofMinutes(16)))).isTrue();
        assertThat(cadence.judge(sev3, afterChange, changed.plus(Duration.ofMinutes(20))).orElseThrow().late()).isEqualTo(Duration.ofMinutes(5));

        List<IncidentEvent> answered = List.of(afterChange.get(0), afterChange.get(1),
                event(sev3.id(), 3, changed.plus(Duration.ofMinutes(10)), EventType.PUBLIC_UPDATE));
        assertThat(cadence.nextDue(sev3, answered)).isEmpty();
        assertThat(cadence.history(sev3, answered)).singleElement().satisfies(update -> assertThat(update.onTime()).isTrue());
    }

    @Test
    void updatesThatWereOwedAndNeverCameCountAsMissed() {
        var cadence = new UpdateCadence(Map.of(Severity.CRITICAL, Duration.ofMinutes(30)), Duration.ofMinutes(15));
        Instant later = T0.plus(Duration.ofDays(1));

        // SEV1 resolved after 2h05m, one update at 50m (late: due at 30m), none after it: those due at 1h20 and 1h50 never came.
        Incident sev1 = incident("INC-20261120-003", Severity.CRITICAL, "", T0, null, T0.plus(Duration.ofMinutes(125)));
        List<IncidentEvent> oneLate = List.of(event(sev1.id(), 1, T0, EventType.OPENED),
                event(sev1.id(), 2, T0.plus(Duration.ofMinutes(50)), EventType.PUBLIC_UPDATE));
        assertThat(cadence.history(sev1, oneLate)).singleElement().satisfies(update -> assertThat(update.onTime()).isFalse());
        assertThat(cadence.missed(sev1, oneLate, later)).isEqualTo(2);

        // Three intervals went by before an update at 1h35: the update is late, and the two other intervals are missed.
        Incident slow = incident("INC-20261120-004", Severity.CRITICAL, "", T0, null, T0.plus(Duration.ofMinutes(100)));
        List<IncidentEvent> veryLate = List.of(event(slow.id(), 1, T0.plus(Duration.ofMinutes(95)), EventType.PUBLIC_UPDATE));
        assertThat(cadence.history(slow, veryLate)).singleElement().satisfies(update -> assertThat(update.onTime()).isFalse());
        assertThat(cadence.missed(slow, veryLate, later)).isEqualTo(2);

        // Still open: counted up to the end of the report's period; resolved exactly when one was due: not missed.
        Incident open = incident("INC-20261120-005", Severity.CRITICAL, "", T0, null, null);
        assertThat(cadence.missed(open, List.of(), T0.plus(Duration.ofMinutes(61)))).isEqualTo(2);
        Incident quick = incident("INC-20261120-006", Severity.CRITICAL, "", T0, null, T0.plus(Duration.ofMinutes(30)));
        assertThat(cadence.missed(quick, List.of(), later)).isZero();

        // SEV3, on status change: an acknowledgement never followed by an update is one missed; an answered one is none,
        // and the resolution itself owes nothing.
        Instant resolved = T0.plus(Duration.ofHours(2));
        Incident sev3 = incident("INC-20261120-007", Severity.MEDIUM, "", T0, T0.plus(Duration.ofMinutes(10)), resolved);
        IncidentEvent acknowledged = event(sev3.id(), 2, T0.plus(Duration.ofMinutes(10)), EventType.ACKNOWLEDGED);
        IncidentEvent resolution = event(sev3.id(), 4, resolved, EventType.STATUS_CHANGED);
        assertThat(cadence.missed(sev3, List.of(acknowledged, resolution), later)).isEqualTo(1);
        assertThat(cadence.missed(sev3, List.of(acknowledged, event(sev3.id(), 3, T0.plus(Duration.ofMinutes(20)), EventType.PUBLIC_UPDATE),
                resolution), later)).isZero();

        // The report's compliance counts them: one late update and two missed are 0 of 3 on time.
        KpiReport report = KpiReport.of(new KpiReport.Inputs(List.of(sev1), Map.of(sev1.id(), oneLate), List.of(), List.of(), Set.of(),
                Map.of(), cadence), T0.minus(Duration.ofDays(30)), later);
        assertThat(report.current().updatesOnTime()).isEqualTo(new KpiReport.Ratio(0, 3));
    }

    @Test
    void distributionsHaveMedianP90AndMeanAndNothingForNothing() {
        var d = Distribution.of(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(4),
                Duration.ofMinutes(100)));
        assertThat(d.median()).contains(Duration.ofMinutes(3));
        assertThat(d.p90()).contains(Duration.ofMinutes(100));
        assertThat(d.mean()).contains(Duration.ofMinutes(22));
        assertThat(Distribution.of(List.of()).median()).isEmpty();
    }

    @Test
    void kpiReportGroupsBySeverityAndServiceComparesPeriodsAndNeverDividesByZero() {
        Instant since = T0.minus(Duration.ofDays(30));
        Incident a = incident("INC-20261120-001", Severity.CRITICAL, "agente-api", T0, T0.plusSeconds(120), T0.plus(Duration.ofMinutes(20)));
        Incident b = incident("INC-20261118-001", Severity.HIGH, "billing", T0.minus(Duration.ofDays(2)), null, T0.minus(Duration.ofDays(2)).plus(Duration.ofMinutes(50)));
        Incident old = incident("INC-20261001-001", Severity.HIGH, "agente-api", since.minus(Duration.ofDays(10)), null, since.minus(Duration.ofDays(10)).plusSeconds(600));
        var inputs = new KpiReport.Inputs(List.of(a, b, old), Map.of(), List.of(),
                List.of(new ActionItem(a.id(), 1, ActionItem.Priority.P1, "Fix", "alice", LocalDate.of(2026, 12, 1), ActionItem.Status.DONE, "")),
                Set.of(b.id()), Map.of("agente-api", 99.9, "billing", 99.0), new UpdateCadence(Map.of()));
        KpiReport report = KpiReport.of(inputs, since, T0.plus(Duration.ofHours(1)));
        assertThat(report.bySeverity()).containsOnlyKeys("SEV1", "SEV2");
        assertThat(report.byService()).containsOnlyKeys("agente-api", "billing");
        assertThat(report.byService().get("agente-api").toResolve().median()).contains(Duration.ofMinutes(20));
        assertThat(report.current().incidents()).isEqualTo(2);
        assertThat(report.previous().incidents()).isEqualTo(1);
        assertThat(report.current().falsePositives().percent()).contains(50.0);
        assertThat(report.current().actionItems().percent()).contains(100.0);
        assertThat(report.current().postMortems().percent()).isEmpty();
        assertThat(report.perMonth()).containsEntry(YearMonth.of(2026, 11), 2);
        var api = report.uptime().stream().filter(u -> u.service().equals("agente-api")).findFirst().orElseThrow();
        assertThat(api.downtime()).isEqualTo(Duration.ofMinutes(20));
        assertThat(api.met()).isTrue();   // 20 minutes of 30 days is 99.954 %

        KpiReport empty = KpiReport.of(new KpiReport.Inputs(List.of(), Map.of(), List.of(), List.of(), Set.of(), Map.of("x", 99.9),
                new UpdateCadence(Map.of())), since, T0);
        assertThat(empty.bySeverity()).isEmpty();
        assertThat(empty.current().toResolve().median()).isEmpty();
        assertThat(empty.current().falsePositives().percent()).isEmpty();
        assertThat(empty.uptime().get(0).uptimePercent()).isEqualTo(100.0);
    }
}
