package io.firebreak.core.report;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.core.postmortem.PostMortemDue;
import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's KPI table for one period: each KPI with its target, the actual figure and whether it
 * was met. A KPI with nothing to measure says so ("no incidents", "none due") instead of a
 * division by zero; it is then neither met nor missed.
 */
public final class KpiTable {
    /** One row. {@code verdict} is {@code met}, {@code missed} or {@code n/a}. */
    public record Kpi(String name, String target, String actual, String verdict) {}

    private KpiTable() {}

    /**
     * @param incidents     incidents detected in the period
     * @param obligations   post-mortems owed by resolved incidents of the period, with their state
     * @param actions       action items of the period's incidents
     * @param updatesOnTime the period's public updates owed and on time ({@link KpiReport.Headline#updatesOnTime} of
     *                      the same incidents: a report judges each of them once)
     * @param periodDays    the period's length in days, for incidents per month
     */
    public static List<Kpi> of(List<Incident> incidents, List<PostMortemDue.Obligation> obligations, List<ActionItem> actions,
                               KpiReport.Ratio updatesOnTime, double periodDays) {
        List<Kpi> out = new ArrayList<>();
        Distribution.Samples all = Distribution.samples(incidents);
        out.add(durationKpi("MTTD (median)", Duration.ofMinutes(5), Distribution.ofNanos(all.detect(), all.detected()), "no incidents"));
        for (Severity severity : List.of(Severity.CRITICAL, Severity.HIGH)) {
            Duration target = severity == Severity.CRITICAL ? Duration.ofMinutes(15) : Duration.ofHours(1);
            List<Incident> ofSeverity = new ArrayList<>();
            for (Incident incident : incidents) {
                if (incident.severity() == severity) {
                    ofSeverity.add(incident);
                }
            }
            Distribution.Samples samples = Distribution.samples(ofSeverity);
            out.add(durationKpi("MTTR " + severity.sev() + " (median)", target, Distribution.ofNanos(samples.resolve(), samples.resolved()),
                    "no resolved " + severity.sev() + " incidents"));
        }
        double perMonth = periodDays <= 0 ? 0 : incidents.size() * 30.0 / periodDays;
        out.add(new Kpi("Incidents per month", "< 2", String.format(java.util.Locale.ROOT, "%.1f", perMonth), perMonth < 2 ? "met" : "missed"));

        long due = obligations.size();
        long published = obligations.stream().filter(PostMortemDue.Obligation::done).count();
        out.add(due == 0 ? new Kpi("Post-mortem completion", "100 %", "none due", "n/a")
                : new Kpi("Post-mortem completion", "100 %", percent(published, due) + " (" + published + "/" + due + ")",
                        published == due ? "met" : "missed"));

        long items = actions.size();
        long done = actions.stream().filter(item -> item.status() == ActionItem.Status.DONE).count();
        out.add(items == 0 ? new Kpi("Action-item completion", "> 90 %", "no action items", "n/a")
                : new Kpi("Action-item completion", "> 90 %", percent(done, items) + " (" + done + "/" + items + ")",
                        done * 10 > items * 9 ? "met" : "missed"));

        long updates = updatesOnTime.whole();
        long onTime = updatesOnTime.part();
        out.add(updates == 0 ? new Kpi("Public updates on time", "100 %", "no updates due", "n/a")
                : new Kpi("Public updates on time", "100 %", percent(onTime, updates) + " (" + onTime + "/" + updates + ")",
                        onTime == updates ? "met" : "missed"));
        return out;
    }

    private static Kpi durationKpi(String name, Duration target, Distribution values, String empty) {
        if (values.samples() == 0) {
            return new Kpi(name, "< " + Durations.format(target), empty, "n/a");
        }
        Duration median = values.median().orElseThrow();
        return new Kpi(name, "< " + Durations.format(target), median.isZero() ? "0s" : Durations.format(median),
                median.compareTo(target) < 0 ? "met" : "missed");
    }

    private static String percent(long part, long whole) {
        return String.format(java.util.Locale.ROOT, "%.0f %%", 100.0 * part / whole);
    }
}
