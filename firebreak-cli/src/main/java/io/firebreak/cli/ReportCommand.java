package io.firebreak.cli;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.report.IncidentReport;
import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--format", paramLabel = "F", defaultValue = "text",
            description = "text, json or html (one self-contained file with charts; default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    java.nio.file.Path output;

    @Override
    public Integer call() {
        Duration period = Durations.parse(since).filter(d -> !d.isZero())
                .orElseThrow(() -> CliFailure.invalid("invalid --since '" + since + "' (use e.g. 7d, 30d, 12h)"));
        if (!format.equals("text") && !format.equals("json") && !format.equals("html")) {
            throw CliFailure.invalid("unknown --format '" + format + "' (use text, json or html)");
        }
        Instant now = root.environment().clock().instant();
        Instant from = now.minus(period);
        try (Session session = Session.open(config, root.environment(), root.out())) {
            var postMortems = io.firebreak.server.postmortem.PostMortems.of(session.config, session.incidents,
                    new io.firebreak.server.store.PostMortemStore(session.database));
            io.firebreak.server.report.Reports.Report figures = io.firebreak.server.report.Reports.build(session.config.config(),
                    session.incidents, postMortems, new io.firebreak.server.store.FalsePositives(session.database), period, now, since);
            // the incidents detected since the period began and every open one, read once for the report's figures
            List<Incident> incidents = figures.incidents();
            IncidentReport report = IncidentReport.of(incidents, from, now);
            String rendered;
            if (format.equals("json")) {
                Map<String, Object> json = json(report, since);
                json.putAll(io.firebreak.server.report.Reports.json(figures));
                json.put("rto_compliance", rtoComplianceJson(session.config.config(), incidents, from, now));
                rendered = Output.json(json) + "\n";
            } else if (format.equals("html")) {
                rendered = io.firebreak.server.report.ReportHtml.document(figures);
            } else {
                StringBuilder text = new StringBuilder(text(report, since)).append("\nKPIs (the seed's targets)\n");
                List<List<String>> rows = figures.kpis().stream().map(kpi -> List.of(kpi.name(), kpi.target(), kpi.actual(), kpi.verdict())).toList();
                Output.table(List.of("KPI", "TARGET", "ACTUAL", "RESULT"), rows).lines().forEach(line -> text.append("  ").append(line).append('\n'));
                text.append(io.firebreak.server.report.Reports.text(figures));
                text.append(rtoCompliance(session.config.config(), incidents, from, now));
                rendered = text.toString();
            }
            if (output == null) {
                root.out().print(rendered);
            } else {
                java.nio.file.Path file = root.environment().workingDir().resolve(output);
                try {
                    if (file.getParent() != null) {
                        java.nio.file.Files.createDirectories(file.getParent());
                    }
                    java.nio.file.Files.writeString(file, rendered, java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw CliFailure.invalid("cannot write " + output + ": " + e.getMessage());
                }
                root.out().println("Wrote " + output);
            }
            return ExitCode.OK;
        }
    }

    /** Per tier, how many incidents resolved in the period met their RTO (impact start to resolution); empty without tiers. */
    static io.firebreak.core.report.RtoCompliance compliance(io.firebreak.server.config.AppConfig config, java.util.Collection<Incident> incidents,
                                                              Instant from, Instant until) {
        var tiers = config.tiers().stream().map(tier -> new io.firebreak.core.report.RtoCompliance.Tier(tier.tier(), tier.name(), tier.rto(),
                config.services().stream().filter(s -> s.tier() == tier.tier()).map(io.firebreak.server.config.ServiceConfig::name)
                        .collect(java.util.stream.Collectors.toSet()))).toList();
        return io.firebreak.core.report.RtoCompliance.of(tiers, incidents, from, until);
    }

    static String rtoCompliance(io.firebreak.server.config.AppConfig config, java.util.Collection<Incident> incidents, Instant from, Instant until) {
        if (config.tiers().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nRTO compliance per tier (incidents resolved in the period)\n");
        for (var row : compliance(config, incidents, from, until).tiers()) {
            out.append(String.format("  tier %d %-9s RTO %-4s %s%n", row.tier(), row.name(), Durations.format(row.rto()),
                    row.percentMet().map(percent -> row.met() + " met, " + row.missed() + " missed (" + percent + " %)").orElse("no incidents")));
        }
        return out.toString();
    }

    /** The JSON of {@link #compliance}: one object per tier. */
    static List<Map<String, Object>> rtoComplianceJson(io.firebreak.server.config.AppConfig config, java.util.Collection<Incident> incidents,
                                                       Instant from, Instant until) {
        return compliance(config, incidents, from, until).tiers().stream().map(row -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tier", row.tier());
            out.put("name", row.name());
            out.put("rto_seconds", row.rto().toSeconds());
            out.put("met", row.met());
            out.put("missed", row.missed());
            out.put("percent_met", row.percentMet().orElse(null));
            return out;
        }).toList();
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
