package io.firebreak.server.report;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.report.Distribution;
import io.firebreak.core.report.KpiReport;
import io.firebreak.core.report.KpiTable;
import io.firebreak.core.status.UptimeHistory;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.postmortem.PostMortems;
import io.firebreak.server.store.FalsePositives;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The KPI report of one period, gathered from the stores for the CLI ({@code firebreak report},
 * text, JSON and HTML) and the UI's reports page, so all of them show the same figures.
 */
public final class Reports {
    /**
     * One built report: the figures, the seed's KPI table (with uptime and false positives), the
     * period's name, and the incidents detected since the period began (later ones too) with every
     * open one, for {@code firebreak report}'s summary: the open ones whole, the others as
     * {@link IncidentStore#figures} reads them (no title, source, commander, labels, responders,
     * runbook or public summary).
     */
    public record Report(KpiReport figures, List<KpiTable.Kpi> kpis, String period, List<Incident> incidents) {}

    private Reports() {}

    /** Builds the report of {@code [until - period, until]}; {@code name} is how the period was asked for ({@code 30d}). */
    public static Report build(AppConfig config, IncidentStore incidents, PostMortems postMortems, FalsePositives falsePositives,
                               Duration period, Instant until, String name) {
        Instant since = until.minus(period);
        Instant previousSince = since.minus(period);
        Instant earliest = previousSince.minus(Duration.ofDays(31));   // outages that began before the previous period
        // The figures read both periods' incidents, and of the older ones only what uptime reads: an outage (SEV1/SEV2)
        // of the month before still going on when this period began. A year's report read two years and a month of
        // whole incidents (700,000 rows, labels parsed) before; now two years of the columns the figures use.
        java.util.Set<Severity> outages = config.services().isEmpty() ? java.util.Set.of()
                : java.util.Arrays.stream(Severity.values()).filter(UptimeHistory::costsUptime)
                        .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(Severity.class)));
        Map<String, Incident> byId = new LinkedHashMap<>();
        incidents.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), true, 1_000_000))
                .forEach(incident -> byId.put(incident.id(), incident));   // whole: the CLI lists them
        for (Incident incident : incidents.figures(previousSince, earliest, outages, since)) {
            if (!byId.containsKey(incident.id())) {
                // one opened since the open ones were read is read whole too: the CLI lists it, title and all
                byId.put(incident.id(), incident.status().isOpen() ? incidents.find(incident.id()).orElse(incident) : incident);
            }
        }
        List<Incident> all = List.copyOf(byId.values());
        List<String> timed = all.stream().filter(incident -> !incident.detected().isBefore(previousSince)).map(Incident::id).toList();
        // A query per thousand incidents, not one per incident (27,000 queries for 30 days of a large store), and only
        // the events the figures read: the cadence's (public updates and status changes), not every note and page.
        // (an incident without any of those events has no entry: every reader takes it as an empty timeline)
        Map<String, List<IncidentEvent>> timelines = incidents.timelineFigures(timed, io.firebreak.core.communication.UpdateCadence.EVENTS_READ);
        Map<String, Double> slos = new LinkedHashMap<>();
        for (ServiceConfig service : config.services()) {
            slos.put(service.name(), service.slo());
        }
        var inputs = new KpiReport.Inputs(all, timelines, postMortems.obligations(all), postMortems.store().actions(Optional.empty()),
                falsePositives.flagged(previousSince), slos, config.communication().cadence());
        KpiReport figures = KpiReport.of(inputs, since, until);
        List<Incident> inPeriod = all.stream().filter(i -> !i.detected().isBefore(since) && !i.detected().isAfter(until)).toList();
        java.util.Set<String> ids = new java.util.HashSet<>();
        inPeriod.forEach(incident -> ids.add(incident.id()));
        // the period's public updates were judged for the figures' headline, of the same incidents: not judged again
        List<KpiTable.Kpi> kpis = new ArrayList<>(KpiTable.of(inPeriod,
                inputs.obligations().stream().filter(o -> ids.contains(o.incident().id()) && (o.done() || !o.due().isAfter(until))).toList(),
                inputs.actions().stream().filter(item -> ids.contains(item.incidentId())).toList(),
                figures.current().updatesOnTime(), period.toMinutes() / 1440.0));
        if (figures.uptime().isEmpty()) {
            kpis.add(new KpiTable.Kpi("Uptime", "99.9 %", "no services configured", "n/a"));
        } else {
            var worst = figures.uptime().stream().min(java.util.Comparator.comparingDouble(u -> u.uptimePercent() - u.slo())).orElseThrow();
            kpis.add(new KpiTable.Kpi("Uptime (worst service: " + worst.service() + ")", number(worst.slo()) + " %",
                    String.format(Locale.ROOT, "%.3f %%", worst.uptimePercent()), worst.met() ? "met" : "missed"));
        }
        var falsePositiveRate = figures.current().falsePositives();
        kpis.add(falsePositiveRate.whole() == 0 ? new KpiTable.Kpi("False positives", "< 5 %", "no resolved incidents", "n/a")
                : new KpiTable.Kpi("False positives", "< 5 %", percent(falsePositiveRate) + " (" + falsePositiveRate.part() + "/"
                        + falsePositiveRate.whole() + ")", falsePositiveRate.percent().orElseThrow() < 5 ? "met" : "missed"));
        List<Incident> sinceStart = all.stream().filter(i -> i.status().isOpen() || !i.detected().isBefore(since)).toList();
        return new Report(figures, kpis, name, sinceStart);
    }

    /** The report's figures as JSON-ready maps (the schema is in docs/api.md and GUIDE.md). */
    public static Map<String, Object> json(Report report) {
        KpiReport figures = report.figures();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timings_by_severity", timings(figures.bySeverity()));
        out.put("timings_by_service", timings(figures.byService()));
        Map<String, Integer> perMonth = new LinkedHashMap<>();
        figures.perMonth().forEach((month, count) -> perMonth.put(month.toString(), count));
        out.put("per_month", perMonth);
        out.put("uptime", figures.uptime().stream().map(u -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", u.service());
            row.put("slo_percent", u.slo());
            row.put("uptime_percent", u.uptimePercent());
            row.put("downtime_seconds", u.downtime().toSeconds());
            row.put("error_budget_seconds", u.budget().toSeconds());
            row.put("error_budget_used_percent", u.budgetUsedPercent());
            row.put("met", u.met());
            row.put("incidents", u.incidents());
            return row;
        }).toList());
        out.put("current", headline(figures.current()));
        out.put("previous", headline(figures.previous()));
        out.put("previous_since", figures.since().minus(Duration.between(figures.since(), figures.until())).toString());
        out.put("kpis", report.kpis().stream().map(kpi -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kpi", kpi.name());
            row.put("target", kpi.target());
            row.put("actual", kpi.actual());
            row.put("verdict", kpi.verdict());
            return row;
        }).toList());
        return out;
    }

    private static Map<String, Object> timings(Map<String, KpiReport.Timings> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.forEach((name, timings) -> {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("count", timings.count());
            group.put("mttd", distribution(timings.toDetect()));
            group.put("mtta", distribution(timings.toAcknowledge()));
            group.put("mttr", distribution(timings.toResolve()));
            out.put(name, group);
        });
        return out;
    }

    private static Map<String, Object> distribution(Distribution d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", d.samples());
        out.put("median_seconds", d.median().map(Reports::seconds).orElse(null));
        out.put("p90_seconds", d.p90().map(Reports::seconds).orElse(null));
        out.put("mean_seconds", d.mean().map(Reports::seconds).orElse(null));
        return out;
    }

    private static Map<String, Object> headline(KpiReport.Headline headline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incidents", headline.incidents());
        out.put("mttd", distribution(headline.toDetect()));
        out.put("mtta", distribution(headline.toAcknowledge()));
        out.put("mttr", distribution(headline.toResolve()));
        out.put("postmortem_completion", ratio(headline.postMortems()));
        out.put("action_item_completion", ratio(headline.actionItems()));
        out.put("communication_compliance", ratio(headline.updatesOnTime()));
        out.put("false_positive_rate", ratio(headline.falsePositives()));
        return out;
    }

    private static Map<String, Object> ratio(KpiReport.Ratio ratio) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("part", ratio.part());
        out.put("whole", ratio.whole());
        out.put("percent", ratio.percent().orElse(null));
        return out;
    }

    /** The sections {@code firebreak report} prints after its summary. */
    public static String text(Report report) {
        KpiReport figures = report.figures();
        StringBuilder out = new StringBuilder();
        out.append("\nTime to detect / acknowledge / resolve (median, p90, mean)\n");
        section(out, "per severity", figures.bySeverity());
        section(out, "per service", figures.byService());
        out.append("\nIncidents per month\n");
        figures.perMonth().forEach((month, count) -> out.append("  ").append(month).append("  ").append(String.format("%4d", count)).append('\n'));
        out.append("\nUptime and error budget per service (SLO)\n");
        if (figures.uptime().isEmpty()) {
            out.append("  no services configured (services: in the configuration)\n");
        }
        for (var u : figures.uptime()) {
            out.append(String.format(Locale.ROOT, "  %-20s uptime %.3f %% (SLO %s %%)  downtime %s of a %s budget (%.0f %% used)  %s%n",
                    u.service(), u.uptimePercent(), number(u.slo()), duration(u.downtime()), duration(u.budget()), u.budgetUsedPercent(),
                    u.met() ? "met" : "MISSED"));
        }
        out.append("\nAgainst the previous period (same length)\n");
        KpiReport.Headline now = figures.current();
        KpiReport.Headline before = figures.previous();
        out.append(String.format("  %-28s %-22s %-22s%n", "", "THIS PERIOD", "PREVIOUS"));
        row(out, "incidents", String.valueOf(now.incidents()), String.valueOf(before.incidents()));
        row(out, "MTTD median", median(now.toDetect()), median(before.toDetect()));
        row(out, "MTTA median", median(now.toAcknowledge()), median(before.toAcknowledge()));
        row(out, "MTTR median", median(now.toResolve()), median(before.toResolve()));
        row(out, "post-mortem completion", ratioText(now.postMortems(), "none due"), ratioText(before.postMortems(), "none due"));
        row(out, "action-item completion", ratioText(now.actionItems(), "no action items"), ratioText(before.actionItems(), "no action items"));
        row(out, "communication compliance", ratioText(now.updatesOnTime(), "no updates due"), ratioText(before.updatesOnTime(), "no updates due"));
        row(out, "false-positive rate", ratioText(now.falsePositives(), "no incidents"), ratioText(before.falsePositives(), "no incidents"));
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Map<String, KpiReport.Timings> groups) {
        out.append("  ").append(title).append('\n');
        if (groups.isEmpty()) {
            out.append("    no incidents\n");
        }
        groups.forEach((name, t) -> out.append(String.format("    %-18s %3d  TTD %-22s TTA %-22s TTR %s%n", name, t.count(),
                triple(t.toDetect()), triple(t.toAcknowledge()), triple(t.toResolve()))));
    }

    private static void row(StringBuilder out, String name, String now, String before) {
        out.append(String.format("  %-28s %-22s %-22s%n", name, now, before));
    }

    static String triple(Distribution d) {
        if (d.samples() == 0) {
            return "-";
        }
        return duration(d.median().orElseThrow()) + "/" + duration(d.p90().orElseThrow()) + "/" + duration(d.mean().orElseThrow());
    }

    static String median(Distribution d) {
        return d.median().map(Reports::duration).orElse("no incidents");
    }

    static String ratioText(KpiReport.Ratio ratio, String empty) {
        return ratio.percent().map(p -> percent(ratio) + " (" + ratio.part() + "/" + ratio.whole() + ")").orElse(empty);
    }

    static String percent(KpiReport.Ratio ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio.percent().orElseThrow());
    }

    static String duration(Duration duration) {
        Duration whole = Duration.ofSeconds(duration.toSeconds());
        return whole.isZero() ? "0s" : Durations.format(whole);
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
