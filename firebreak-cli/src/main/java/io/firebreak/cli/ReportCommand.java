package io.firebreak.cli;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.report.IncidentReport;
import io.firebreak.core.time.Durations;
import io.firebreak.server.store.IncidentQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak report}: counts, time to detect/acknowledge/resolve per severity, what is open. */
@Command(name = "report", description = "Incident report: counts, mean and median time to detect, acknowledge and resolve, open incidents.",
        mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    ConfigOption config;

    @Option(names = "--since", paramLabel = "D", defaultValue = "30d", description = "The period to report on, back from now (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--format", paramLabel = "F", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        Duration period = Durations.parse(since).filter(d -> !d.isZero())
                .orElseThrow(() -> CliFailure.invalid("invalid --since '" + since + "' (use e.g. 7d, 30d, 12h)"));
        if (!format.equals("text") && !format.equals("json")) {
            throw CliFailure.invalid("unknown --format '" + format + "' (use text or json)");
        }
        Instant now = root.environment().clock().instant();
        Instant from = now.minus(period);
        try (Session session = Session.open(config, root.environment(), root.out())) {
            Map<String, Incident> incidents = new LinkedHashMap<>();
            for (Incident incident : session.incidents.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.of(from), false, 1_000_000))) {
                incidents.put(incident.id(), incident);
            }
            for (Incident incident : session.incidents.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), true, 1_000_000))) {
                incidents.putIfAbsent(incident.id(), incident);
            }
            IncidentReport report = IncidentReport.of(List.copyOf(incidents.values()), from, now);
            List<io.firebreak.core.report.KpiTable.Kpi> kpis = kpis(session, incidents.values().stream()
                    .filter(i -> !i.detected().isBefore(from)).toList(), period, now);
            if (format.equals("json")) {
                Map<String, Object> json = json(report, since);
                json.put("kpis", kpis.stream().map(kpi -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("kpi", kpi.name());
                    row.put("target", kpi.target());
                    row.put("actual", kpi.actual());
                    row.put("verdict", kpi.verdict());
                    return row;
                }).toList());
                root.out().print(Output.json(json) + "\n");
            } else {
                StringBuilder text = new StringBuilder(text(report, since)).append("\nKPIs (the seed's targets)\n");
                List<List<String>> rows = kpis.stream().map(kpi -> List.of(kpi.name(), kpi.target(), kpi.actual(), kpi.verdict())).toList();
                Output.table(List.of("KPI", "TARGET", "ACTUAL", "RESULT"), rows).lines().forEach(line -> text.append("  ").append(line).append('\n'));
                root.out().print(text);
                root.out().print(rtoCompliance(session.config.config(), incidents.values(), from, now));
            }
            return ExitCode.OK;
        }
    }

    /** Per tier, how many incidents resolved in the period met their RTO (impact start to resolution); empty without tiers. */
    static String rtoCompliance(io.firebreak.server.config.AppConfig config, java.util.Collection<Incident> incidents, Instant from, Instant until) {
        if (config.tiers().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nRTO compliance per tier (incidents resolved in the period)\n");
        for (var tier : config.tiers()) {
            int met = 0;
            int missed = 0;
            for (Incident incident : incidents) {
                boolean inTier = config.service(incident.service()).map(s -> s.tier() == tier.tier()).orElse(false);
                if (inTier && incident.resolved() != null && !incident.resolved().isBefore(from) && incident.resolved().isBefore(until)) {
                    if (io.firebreak.core.recovery.RtoClock.met(incident.impactStarted(), incident.resolved(), tier.rto())) {
                        met++;
                    } else {
                        missed++;
                    }
                }
            }
            out.append(String.format("  tier %d %-9s RTO %-4s %s%n", tier.tier(), tier.name(), Durations.format(tier.rto()),
                    met + missed == 0 ? "no incidents" : met + " met, " + missed + " missed (" + Math.round(100.0 * met / (met + missed)) + " %)"));
        }
        return out.toString();
    }

    /** The KPI table of the incidents detected in the period. */
    static List<io.firebreak.core.report.KpiTable.Kpi> kpis(Session session, List<Incident> inPeriod, Duration period, Instant now) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        inPeriod.forEach(incident -> ids.add(incident.id()));
        var obligations = obligations(session, inPeriod).stream().filter(o -> ids.contains(o.incident().id()) && (o.done() || !o.due().isAfter(now))).toList();
        var actions = new io.firebreak.server.store.PostMortemStore(session.database).actions(Optional.empty()).stream()
                .filter(item -> ids.contains(item.incidentId())).toList();
        // A query per thousand incidents, not one per incident.
        Map<String, List<io.firebreak.core.incident.IncidentEvent>> timelines = session.incidents.timelines(ids);
        return io.firebreak.core.report.KpiTable.of(inPeriod, obligations, actions, timelines,
                session.config.config().communication().cadence(), period.toMinutes() / 1440.0);
    }

    /**
     * The post-mortems owed by the resolved incidents of the period, decided as {@code postmortem
     * list} decides them but over the period's incidents only: the report must not read every
     * incident the store has ever held.
     */
    private static List<io.firebreak.core.postmortem.PostMortemDue.Obligation> obligations(Session session, List<Incident> inPeriod) {
        var settings = session.config.config().postmortems();
        java.util.Set<Severity> required = settings.required().stream().map(Severity::parse).flatMap(Optional::stream)
                .collect(java.util.stream.Collectors.toSet());
        Duration dueAfter = Durations.parse(settings.dueAfter()).orElseThrow();
        Map<String, io.firebreak.core.postmortem.PostMortemState> states = new java.util.HashMap<>();
        new io.firebreak.server.store.PostMortemStore(session.database).list().forEach(p -> states.put(p.incidentId(), p.state()));
        List<Incident> closedOrResolved = inPeriod.stream().filter(incident -> !incident.status().isOpen()).toList();
        return io.firebreak.core.postmortem.PostMortemDue.obligations(closedOrResolved, states, required, dueAfter);
    }

    static String text(IncidentReport report, String period) {
        StringBuilder out = new StringBuilder();
        out.append("Incident report: ").append(Output.time(report.since())).append(" to ").append(Output.time(report.until()))
                .append(" (").append(period).append(")\n\n");
        out.append("Incidents: ").append(report.total()).append('\n');
        List<String> severities = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            severities.add(severity.sev() + " " + report.bySeverity().getOrDefault(severity, 0));
        }
        out.append("  by severity  ").append(String.join("   ", severities)).append('\n');
        List<String> statuses = new ArrayList<>();
        for (IncidentStatus status : IncidentStatus.values()) {
            int count = report.byStatus().getOrDefault(status, 0);
            if (count > 0) {
                statuses.add(status + " " + count);
            }
        }
        out.append("  by status    ").append(statuses.isEmpty() ? "-" : String.join("   ", statuses)).append("\n\n");
        out.append("Response times (mean / median)\n");
        List<List<String>> rows = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            IncidentReport.Timings timings = report.timings().get(severity);
            if (timings == null) {
                continue;
            }
            rows.add(List.of(severity.sev(), Integer.toString(timings.count()),
                    stat(timings.toDetect()), stat(timings.toAcknowledge()), stat(timings.toResolve())));
        }
        if (rows.isEmpty()) {
            out.append("  no incidents in this period\n");
        } else {
            Output.table(List.of("SEV", "COUNT", "TIME TO DETECT", "TIME TO ACKNOWLEDGE", "TIME TO RESOLVE"), rows)
                    .lines().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append("\nIncidents per week (weeks start Monday, UTC)\n");
        int most = report.perWeek().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        report.perWeek().forEach((week, count) -> out.append("  ").append(week).append("  ")
                .append(String.format("%4d", count)).append("  ")
                .append("#".repeat(most == 0 ? 0 : (int) Math.ceil(40.0 * count / most))).append('\n'));
        out.append("\nOpen incidents: ").append(report.open().size()).append('\n');
        if (!report.open().isEmpty()) {
            List<List<String>> open = new ArrayList<>();
            for (Incident incident : report.open()) {
                open.add(List.of(incident.id(), incident.severity().sev(), incident.status().name(),
                        "open " + Durations.format(Duration.between(incident.detected(), report.until())), incident.title()));
            }
            Output.table(List.of("ID", "SEV", "STATUS", "AGE", "TITLE"), open).lines().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }

    private static String stat(IncidentReport.Stat stat) {
        if (stat.samples() == 0) {
            return "-";
        }
        return Output.duration(stat.mean()) + " / " + Output.duration(stat.median());
    }

    static Map<String, Object> json(IncidentReport report, String period) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", report.since().toString());
        out.put("until", report.until().toString());
        out.put("period", period);
        out.put("total", report.total());
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity.name(), report.bySeverity().getOrDefault(severity, 0));
        }
        out.put("by_severity", bySeverity);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (IncidentStatus status : IncidentStatus.values()) {
            byStatus.put(status.name(), report.byStatus().getOrDefault(status, 0));
        }
        out.put("by_status", byStatus);
        Map<String, Object> timings = new LinkedHashMap<>();
        report.timings().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Map<String, Object> perSeverity = new LinkedHashMap<>();
            perSeverity.put("count", entry.getValue().count());
            perSeverity.put("time_to_detect", statJson(entry.getValue().toDetect()));
            perSeverity.put("time_to_acknowledge", statJson(entry.getValue().toAcknowledge()));
            perSeverity.put("time_to_resolve", statJson(entry.getValue().toResolve()));
            timings.put(entry.getKey().name(), perSeverity);
        });
        out.put("timings", timings);
        Map<String, Integer> perWeek = new LinkedHashMap<>();
        report.perWeek().forEach((week, count) -> perWeek.put(week.toString(), count));
        out.put("per_week", perWeek);
        out.put("open", report.open().stream().map(Output::incidentJson).toList());
        return out;
    }

    private static Map<String, Object> statJson(IncidentReport.Stat stat) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", stat.samples());
        out.put("mean_seconds", stat.mean().map(d -> d.toMillis() / 1000.0).orElse(null));
        out.put("median_seconds", stat.median().map(d -> d.toMillis() / 1000.0).orElse(null));
        return out;
    }
}
