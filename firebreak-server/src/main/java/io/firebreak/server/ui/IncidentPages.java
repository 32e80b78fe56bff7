package io.firebreak.server.ui;

import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.Service;
import io.firebreak.server.store.IncidentFilter;
import io.firebreak.server.store.IncidentStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The incident list (open first, then recently resolved; refreshed by htmx every 10 s) and one
 * incident's page with its timeline, alerts, runbook, deliveries and the actions people take. Every
 * action is a pure {@link IncidentLifecycle} decision applied by {@link IncidentStore#update}, as in
 * the JSON API, with the logged-in token's name as the actor.
 */
final class IncidentPages {
    static final int OPEN_LIMIT = 200;
    static final int RESOLVED_LIMIT = 25;

    private final Service service;
    private final UiAccess access;
    private final UiPages pages;
    private final Runbooks runbooks;
    private final RecoveryChecklistView checklist;

    IncidentPages(Service service, UiAccess access, UiPages pages, Runbooks runbooks) {
        this.checklist = new RecoveryChecklistView(service);
        this.service = service;
        this.access = access;
        this.pages = pages;
        this.runbooks = runbooks;
    }

    void list(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        pages.show(ctx, 200, visitor, "incidents", "Incidents", "incidents", listData());
    }

    void listFragment(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        pages.fragment(ctx, visitor, "incident-table", listData());
    }

    private Map<String, Object> listData() {
        Instant now = service.clock().instant();
        List<Incident> open = service.incidents().page(new IncidentFilter(EnumSet.noneOf(IncidentStatus.class), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(), OPEN_LIMIT));
        List<Incident> done = service.incidents().page(new IncidentFilter(
                EnumSet.of(IncidentStatus.RESOLVED, IncidentStatus.POSTMORTEM, IncidentStatus.CLOSED), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), RESOLVED_LIMIT));
        var openRows = open.stream()
                .sorted(Comparator.comparing((Incident i) -> i.severity().level()).thenComparing(Incident::detected, Comparator.reverseOrder()))
                .map(i -> Views.row(i, now)).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("open", openRows);
        data.put("hasOpen", !openRows.isEmpty());
        data.put("resolved", done.stream().map(i -> Views.row(i, now)).toList());
        data.put("hasResolved", !done.isEmpty());
        data.put("openCount", openRows.size());
        data.put("refreshed", Views.time(now));
        return data;
    }

    void show(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        detail(ctx, visitor, ctx.pathParam("id"), 200, "");
    }

    private void detail(Context ctx, UiAccess.Visitor visitor, String id, int status, String error) {
        Incident incident = service.incidents().find(id).orElseThrow(() -> new UiProblem(404, "There is no incident " + id + "."));
        Instant now = service.clock().instant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("incident", Views.row(incident, now));
        data.put("labels", Views.pairs(incident.labels()));
        data.put("hasLabels", !incident.labels().isEmpty());
        data.put("source", incident.source());
        data.put("publicSummary", incident.publicSummary());
        data.put("commander", incident.commander());
        data.put("responders", String.join(", ", incident.responders()));
        data.put("impactStarted", Views.time(incident.impactStarted()));
        data.put("acknowledged", Views.time(incident.acknowledged()));
        data.put("resolvedAt", Views.time(incident.resolved()));
        data.put("updated", Views.time(incident.updated()));
        data.put("timeToAcknowledge", incident.timeToAcknowledge().map(Views::age).orElse(""));
        data.put("timeToResolve", incident.timeToResolve().map(Views::age).orElse(""));
        data.put("timeline", service.incidents().timeline(id).stream().map(Views::event).toList());
        var alerts = service.alerts().ofIncident(id).stream().map(Views::alert).toList();
        data.put("alerts", alerts);
        data.put("hasAlerts", !alerts.isEmpty());
        runbooks.show(incident.runbook()).ifPresent(shown -> data.put("runbook", shown));
        var deliveries = service.outbox().list(Optional.of(id), false, 200).stream().map(Views::delivery).toList();
        data.put("deliveries", deliveries);
        data.put("hasDeliveries", !deliveries.isEmpty());
        data.put("isTriggered", incident.status() == IncidentStatus.TRIGGERED);
        data.put("isOpen", incident.status().isOpen());
        data.put("statusOptions", Views.statuses(incident.status()));
        data.put("severityOptions", Views.severities(incident.severity()));
        data.put("error", error);
        data.put("hasError", !error.isEmpty());
        data.put("recovery", checklist.view(id, now));
        pages.show(ctx, status, visitor, "incident", incident.id() + " " + incident.title(), "incidents", data);
    }

    void act(Context ctx) {
        UiAccess.Visitor visitor = access.forAction(ctx, true);
        String id = ctx.pathParam("id");
        String actor = visitor.name();
        Instant now = service.clock().instant();
        Function<Incident, Change> decision;
        if (ctx.pathParam("action").equals(RecoveryChecklistView.START) || ctx.pathParam("action").equals(RecoveryChecklistView.NEXT)) {
            Optional<String> refused = checklist.act(ctx.pathParam("action"), id, form(ctx, "procedure"), form(ctx, "note"), actor, now);
            if (refused.isPresent()) {
                detail(ctx, visitor, id, 409, refused.get());
            } else {
                ctx.redirect("/incidents/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "#recovery",
                        HttpStatus.SEE_OTHER);
            }
            return;
        }
        if (ctx.pathParam("action").equals("escalate")) {
            escalate(ctx, visitor, id, actor, now);
            return;
        }
        switch (ctx.pathParam("action")) {
            case "acknowledge" -> decision = incident -> IncidentLifecycle.acknowledge(incident, actor, now);
            case "resolve" -> decision = incident -> IncidentLifecycle.resolve(incident, form(ctx, "message"), actor, now);
            case "note" -> decision = incident -> IncidentLifecycle.note(incident, form(ctx, "text"), actor, now);
            case "update" -> decision = incident -> IncidentLifecycle.publicUpdate(incident, form(ctx, "text"), actor, now);
            case "assign" -> decision = incident -> IncidentLifecycle.assignCommander(incident, form(ctx, "commander"), actor, now);
            case "status" -> {
                Optional<IncidentStatus> target = IncidentStatus.parse(form(ctx, "status"));
                if (target.isEmpty()) {
                    detail(ctx, visitor, id, 400, "Choose a status from the list.");
                    return;
                }
                decision = incident -> IncidentLifecycle.changeStatus(incident, target.get(), form(ctx, "message"), actor, now);
            }
            case "severity" -> {
                Optional<Severity> severity = Severity.parse(form(ctx, "severity"));
                if (severity.isEmpty()) {
                    detail(ctx, visitor, id, 400, "Choose a severity from the list.");
                    return;
                }
                decision = incident -> IncidentLifecycle.changeSeverity(incident, severity.get(), form(ctx, "reason"), actor, now);
            }
            default -> throw new UiProblem(404, "There is no action '" + ctx.pathParam("action") + "' on incidents.");
        }
        switch (service.incidents().update(id, decision)) {
            case IncidentStore.Update.Updated updated -> {
                service.deliverSoon();
                ctx.redirect("/incidents/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            }
            case IncidentStore.Update.Rejected rejected -> detail(ctx, visitor, id, 409, "Not changed: " + rejected.reason());
            case IncidentStore.Update.NotFound missing -> throw new UiProblem(404, "There is no incident " + id + ".");
        }
    }

    /** The "Escalate" button: the next step of the incident's policy is paged now. */
    private void escalate(Context ctx, UiAccess.Visitor visitor, String id, String actor, Instant now) {
        switch (service.escalation().escalate(service.incidents(), id, actor, form(ctx, "reason"), now)) {
            case io.firebreak.server.engine.EscalationModule.Manual.Escalated escalated -> {
                service.deliverSoon();
                ctx.redirect("/incidents/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            }
            case io.firebreak.server.engine.EscalationModule.Manual.Rejected rejected -> detail(ctx, visitor, id, 409,
                    "Not escalated: " + rejected.reason());
            case io.firebreak.server.engine.EscalationModule.Manual.NotFound missing -> throw new UiProblem(404, "There is no incident " + id + ".");
        }
    }

    private static String form(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }
}
