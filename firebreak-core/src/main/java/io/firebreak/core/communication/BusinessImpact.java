package io.firebreak.core.communication;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.status.UptimeHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;

/**
 * What an incident costs the business so far, in the words management asks for: revenue lost,
 * users affected and how much of the month's SLA error budget is gone. Computed from the
 * service's configured revenue per minute, users and SLO, never guessed: a service without those
 * figures says "not configured" rather than "$0".
 *
 * @param revenueLost       revenue per minute times the minutes of impact so far, or -1 when not configured
 * @param usersAffected     the service's users, or -1 when not configured
 * @param usersPercent      the service's users as a share of all configured services' users, or -1
 * @param budget            this month's error budget: (1 - SLO) of the month's length
 * @param downtimeThisMonth SEV1/SEV2 impact of the service this month (overlaps counted once)
 */
public record BusinessImpact(Duration impact, double revenueLost, long usersAffected, double usersPercent, double slo,
                             Duration budget, Duration downtimeThisMonth) {

    /** A service's business figures; {@code revenuePerMinute} and {@code users} are -1 when not configured. */
    public record Figures(double revenuePerMinute, long users, double slo) {
        public static final double DEFAULT_SLO = 99.9;

        public Figures {
            if (slo <= 0 || slo > 100) {
                throw new IllegalArgumentException("SLO must be in (0, 100], was " + slo);
            }
        }
    }

    /**
     * @param incident          the incident (its service's figures are {@code figures})
     * @param serviceIncidents  every incident of the same service (for the month's downtime), including this one
     * @param totalUsers        all configured services' users, for the percentage (0 or less: unknown)
     */
    public static BusinessImpact of(Incident incident, Figures figures, Collection<Incident> serviceIncidents, long totalUsers,
                                    Instant now) {
        Instant end = incident.resolved() != null ? incident.resolved() : now;
        Duration impact = Duration.between(incident.impactStarted(), end);
        impact = impact.isNegative() ? Duration.ZERO : impact;
        double revenue = figures.revenuePerMinute() < 0 ? -1 : figures.revenuePerMinute() * impact.toMillis() / 60_000.0;
        double percent = figures.users() < 0 || totalUsers <= 0 ? -1 : 100.0 * figures.users() / totalUsers;
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Instant monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration budget = budget(Duration.between(monthStart, monthEnd), figures.slo());
        Duration down = UptimeHistory.downtime(serviceIncidents, monthStart, now);
        return new BusinessImpact(impact, revenue, figures.users(), percent, figures.slo(), budget, down);
    }

    /** The error budget of a period at an SLO in percent: 99.9 % of 30 days leaves 43m12s. */
    public static Duration budget(Duration period, double slo) {
        return Duration.ofMillis(Math.round(period.toMillis() * (100.0 - slo) / 100.0));
    }

    /** The share of the month's budget used, in percent (0 when the budget is zero and nothing was used). */
    public double budgetUsedPercent() {
        if (budget.isZero()) {
            return downtimeThisMonth.isZero() ? 0 : 100;
        }
        return 100.0 * downtimeThisMonth.toMillis() / budget.toMillis();
    }

    /** True when this month's downtime is over the budget: the SLA is broken. */
    public boolean slaBreached() {
        return downtimeThisMonth.compareTo(budget) > 0;
    }
}
