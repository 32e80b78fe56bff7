package io.firebreak.server.report;

import io.firebreak.core.report.Distribution;
import io.firebreak.core.report.KpiReport;
import io.firebreak.core.report.KpiTable;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The KPI report as HTML with its charts drawn as inline SVG on the server: one self-contained file
 * that needs no network and no script to view (an archived report still opens years later), and
 * the same fragment on the UI's reports page. Every name from outside (services) is escaped.
 */
public final class ReportHtml {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] SEVERITY_COLOURS = {"#b91c1c", "#c2410c", "#a16207", "#4d7c0f"};

    private ReportHtml() {}

    /** A whole document: styles inline, charts inline. */
    public static String document(Reports.Report report) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Firebreak KPI report " + escape(period(report))
                + "</title>\n<style>\nbody{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#111}\n"
                + "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left}\n"
                + ".met{color:#15803d}.missed{color:#b91c1c}figure{margin:1em 0}svg text{font:12px system-ui,sans-serif}\n</style>\n</head>\n<body>\n"
                + fragment(report) + "</body>\n</html>\n";
    }

    /** The report's body: the period, the KPI table, the three charts and the figures' tables. */
    public static String fragment(Reports.Report report) {
        KpiReport figures = report.figures();
        StringBuilder out = new StringBuilder();
        out.append("<section class=\"report\" id=\"report\">\n<h1>KPI report</h1>\n<p>").append(escape(period(report))).append("</p>\n");
        out.append("<h2>KPIs (the seed's targets)</h2>\n<table id=\"kpis\"><thead><tr><th>KPI</th><th>Target</th><th>Actual</th><th>Result</th></tr></thead><tbody>\n");
        for (KpiTable.Kpi kpi : report.kpis()) {
            out.append("<tr><td>").append(escape(kpi.name())).append("</td><td>").append(escape(kpi.target())).append("</td><td>")
                    .append(escape(kpi.actual())).append("</td><td class=\"").append(escape(kpi.verdict().replace('/', '-'))).append("\">")
                    .append(escape(kpi.verdict())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        out.append("<h2>Charts</h2>\n");
        List<Bar> months = new ArrayList<>();
        figures.perMonth().forEach((month, count) -> months.add(new Bar(month.toString(), count, "#2563eb", String.valueOf(count))));
        out.append(chart("chart-incidents-per-month", "Incidents per month", months, "no incidents"));
        List<Bar> resolve = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, KpiReport.Timings> entry : figures.bySeverity().entrySet()) {
            Distribution d = entry.getValue().toResolve();
            String colour = SEVERITY_COLOURS[Math.min(index++, SEVERITY_COLOURS.length - 1)];
            d.median().ifPresent(m -> resolve.add(new Bar(entry.getKey() + " median", m.toSeconds() / 60.0, colour, Reports.duration(m))));
            d.p90().ifPresent(p -> resolve.add(new Bar(entry.getKey() + " p90", p.toSeconds() / 60.0, colour, Reports.duration(p))));
        }
        out.append(chart("chart-time-to-resolve", "Time to resolve per severity (minutes)", resolve, "no resolved incidents"));
        List<Bar> uptime = new ArrayList<>();
        for (KpiReport.ServiceUptime u : figures.uptime()) {
            uptime.add(new Bar(u.service(), u.budgetUsedPercent(), u.met() ? "#15803d" : "#b91c1c",
                    String.format(Locale.ROOT, "%.0f %% of budget, uptime %.3f %%", u.budgetUsedPercent(), u.uptimePercent())));
        }
        out.append(chart("chart-error-budget", "Error budget used per service (% of the period's budget at its SLO)", uptime, "no services configured"));
        out.append("<h2>Time to detect, acknowledge, resolve</h2>\n");
        out.append(timings("per severity", figures.bySeverity()));
        out.append(timings("per service", figures.byService()));
        out.append("<h2>Uptime per service</h2>\n");
        if (figures.uptime().isEmpty()) {
            out.append("<p>No services configured.</p>\n");
        } else {
            out.append("<table id=\"uptime\"><thead><tr><th>Service</th><th>SLO</th><th>Uptime</th><th>Downtime</th><th>Error budget</th><th>Used</th></tr></thead><tbody>\n");
            for (KpiReport.ServiceUptime u : figures.uptime()) {
                out.append("<tr><td>").append(escape(u.service())).append("</td><td>").append(Reports.number(u.slo())).append(" %</td><td class=\"")
                        .append(u.met() ? "met" : "missed").append("\">").append(String.format(Locale.ROOT, "%.3f %%", u.uptimePercent()))
                        .append("</td><td>").append(Reports.duration(u.downtime())).append("</td><td>").append(Reports.duration(u.budget()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.0f %%", u.budgetUsedPercent())).append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        out.append("<h2>Against the previous period</h2>\n<table id=\"change\"><thead><tr><th></th><th>This period</th><th>Previous</th></tr></thead><tbody>\n");
        KpiReport.Headline now = figures.current();
        KpiReport.Headline before = figures.previous();
        change(out, "Incidents", String.valueOf(now.incidents()), String.valueOf(before.incidents()));
        change(out, "MTTD median", Reports.median(now.toDetect()), Reports.median(before.toDetect()));
        change(out, "MTTA median", Reports.median(now.toAcknowledge()), Reports.median(before.toAcknowledge()));
        change(out, "MTTR median", Reports.median(now.toResolve()), Reports.median(before.toResolve()));
        change(out, "Post-mortem completion", Reports.ratioText(now.postMortems(), "none due"), Reports.ratioText(before.postMortems(), "none due"));
        change(out, "Action-item completion", Reports.ratioText(now.actionItems(), "no action items"), Reports.ratioText(before.actionItems(), "no action items"));
        change(out, "Communication compliance", Reports.ratioText(now.updatesOnTime(), "no updates due"), Reports.ratioText(before.updatesOnTime(), "no updates due"));
        change(out, "False-positive rate", Reports.ratioText(now.falsePositives(), "no incidents"), Reports.ratioText(before.falsePositives(), "no incidents"));
        out.append("</tbody></table>\n</section>\n");
        return out.toString();
    }

    private record Bar(String label, double value, String colour, String caption) {}

    /** A horizontal bar chart as SVG, labelled for screen readers; an empty one says why. */
    private static String chart(String id, String title, List<Bar> bars, String empty) {
        int rowHeight = 26;
        int labelWidth = 160;
        int width = 640;
        int height = Math.max(1, bars.size()) * rowHeight + 10;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        StringBuilder svg = new StringBuilder();
        svg.append("<figure>\n<svg id=\"").append(id).append("\" class=\"chart\" role=\"img\" aria-label=\"").append(escape(title))
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n<title>").append(escape(title)).append("</title>\n");
        if (bars.isEmpty()) {
            svg.append("<text x=\"8\" y=\"20\">").append(escape(empty)).append("</text>\n");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 5 + i * rowHeight;
            double length = max <= 0 ? 0 : (width - labelWidth - 180) * Math.min(bar.value(), max) / max;
            svg.append("<g class=\"bar\"><text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">")
                    .append(escape(bar.label())).append("</text>");
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
                    labelWidth, y + 2, Math.max(length, 1.0), rowHeight - 8, bar.colour(), escape(bar.label()), escape(bar.caption())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text></g>\n", labelWidth + Math.max(length, 1.0) + 6, y + 15,
                    escape(bar.caption())));
        }
        svg.append("</svg>\n<figcaption>").append(escape(title)).append("</figcaption>\n</figure>\n");
        return svg.toString();
    }

    private static String timings(String title, Map<String, KpiReport.Timings> groups) {
        StringBuilder out = new StringBuilder("<h3>").append(escape(title)).append("</h3>\n");
        if (groups.isEmpty()) {
            return out.append("<p>No incidents.</p>\n").toString();
        }
        out.append("<table><thead><tr><th></th><th>Count</th><th>TTD median/p90/mean</th><th>TTA median/p90/mean</th><th>TTR median/p90/mean</th></tr></thead><tbody>\n");
        groups.forEach((name, t) -> out.append("<tr><td>").append(escape(name)).append("</td><td>").append(t.count()).append("</td><td>")
                .append(Reports.triple(t.toDetect())).append("</td><td>").append(Reports.triple(t.toAcknowledge())).append("</td><td>")
                .append(Reports.triple(t.toResolve())).append("</td></tr>\n"));
        return out.append("</tbody></table>\n").toString();
    }

    private static void change(StringBuilder out, String name, String now, String before) {
        out.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(now)).append("</td><td>").append(escape(before)).append("</td></tr>\n");
    }

    private static String period(Reports.Report report) {
        return UTC.format(report.figures().since()) + " to " + UTC.format(report.figures().until()) + " (" + report.period() + ")";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

}
