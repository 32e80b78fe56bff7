package io.firebreak.server.ui;

import io.firebreak.core.time.Durations;
import io.firebreak.server.Service;
import io.firebreak.server.postmortem.PostMortems;
import io.firebreak.server.report.ReportHtml;
import io.firebreak.server.report.Reports;
import io.firebreak.server.store.FalsePositives;
import io.firebreak.server.store.PostMortemStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /reports?since=30d}: the KPI report with the same charts as {@code firebreak report
 * --format html} (inline SVG drawn on the server), for any signed-in visitor.
 */
final class ReportsPage {
    private final Service service;
    private final UiAccess access;
    private final UiPages pages;

    ReportsPage(Service service, UiAccess access, UiPages pages) {
        this.service = service;
        this.access = access;
        this.pages = pages;
    }

    void show(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        String since = ctx.queryParam("since") == null || ctx.queryParam("since").isBlank() ? "30d" : ctx.queryParam("since").strip();
        Duration period = Durations.parse(since).filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> new UiProblem(400, "The period must be a duration such as 7d, 30d or 90d."));
        var postMortems = PostMortems.of(service.config(), service.incidents(), new PostMortemStore(service.database()));
        Reports.Report report = Reports.build(service.config().config(), service.incidents(), postMortems,
                new FalsePositives(service.database()), period, service.clock().instant(), since);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("report", ReportHtml.fragment(report));
        data.put("since", since);
        pages.show(ctx, 200, visitor, "reports", "Reports", "reports", data);
    }
}
