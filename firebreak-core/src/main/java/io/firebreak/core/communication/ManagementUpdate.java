package io.firebreak.core.communication;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.time.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The seed's management-update template filled from the incident and its business impact: status
 * in public wording, severity, duration, revenue lost, users affected, SLA budget used this month,
 * the latest public update as the current status, and when it was written. Plain text: channels
 * escape it for their own format.
 */
public final class ManagementUpdate {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ManagementUpdate() {}

    public static String text(Incident incident, BusinessImpact impact, Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("INCIDENT UPDATE: ").append(incident.id()).append("\n\n");
        out.append("Status: ").append(publicStatus(incident.status())).append('\n');
        out.append("Severity: ").append(incident.severity().sev()).append('\n');
        out.append("Duration: ").append(Durations.format(impact.impact().withNanos(0).isZero() ? java.time.Duration.ZERO
                : impact.impact().withNanos(0))).append("\n\n");
        out.append("Business Impact:\n");
        out.append("- Revenue: ").append(impact.revenueLost() < 0 ? "not configured (services[].revenue_per_minute)"
                : "~$" + money(impact.revenueLost()) + " lost during outage").append('\n');
        out.append("- Users Affected: ").append(impact.usersAffected() < 0 ? "not configured (services[].users)"
                : String.format(Locale.ROOT, "%,d", impact.usersAffected())
                        + (impact.usersPercent() < 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", impact.usersPercent()))).append('\n');
        out.append("- SLA Impact: ").append(impact.slaBreached() ? "Yes" : "No").append(", ")
                .append(Durations.format(impact.downtimeThisMonth().withNanos(0))).append(" against monthly budget of ")
                .append(Durations.format(impact.budget().withNanos(0))).append(String.format(Locale.ROOT, " (%.0f%% used, SLO %s%%)",
                        impact.budgetUsedPercent(), slo(impact.slo()))).append("\n\n");
        out.append("Technical Summary:\n").append(incident.title()).append(incident.service().isEmpty() ? "" : " (" + incident.service() + ")")
                .append("\n\n");
        out.append("Current Status:\n").append(incident.publicSummary().isBlank() ? "No public update yet." : incident.publicSummary())
                .append("\n\n");
        out.append("Next Steps:\n").append(incident.status().isOpen()
                ? "Next update within the severity's cadence; commander: " + (incident.commander().isBlank() ? "not assigned" : incident.commander())
                : "Post-mortem to follow.").append("\n\n");
        out.append("ETA: ").append(incident.status().isOpen() ? "unknown" : "resolved").append("\n\n");
        out.append("Last Updated: ").append(UTC.format(now)).append('\n');
        return out.toString();
    }

    /** The seed's public wording: investigating, identified, monitoring, resolved. */
    static String publicStatus(IncidentStatus status) {
        return switch (status) {
            case TRIGGERED, ACKNOWLEDGED, INVESTIGATING -> "INVESTIGATING";
            case IDENTIFIED -> "IDENTIFIED";
            case MONITORING -> "MONITORING";
            case RESOLVED, POSTMORTEM, CLOSED -> "RESOLVED";
        };
    }

    private static String money(double amount) {
        return String.format(Locale.ROOT, "%,.0f", amount);
    }

    private static String slo(double slo) {
        return slo == Math.rint(slo) ? String.valueOf((long) slo) : String.valueOf(slo);
    }
}
