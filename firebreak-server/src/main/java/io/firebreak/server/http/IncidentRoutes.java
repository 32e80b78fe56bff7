package io.firebreak.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.time.Durations;
import io.firebreak.server.Service;
import io.firebreak.server.api.IncidentJson;
import io.firebreak.server.store.AlertStore;
import io.firebreak.server.store.IncidentFilter;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxRow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@code /api/v1/incidents}: list with filters and cursor pages, one incident in full, and every action on it. */
final class IncidentRoutes implements HttpServer.Routes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Service service;

    IncidentRoutes(Service service) {
        this.service = service;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/incidents", this::list);
        routes.post("/api/v1/incidents", this::open);
        routes.get("/api/v1/incidents/{id}", this::show);
        routes.post("/api/v1/incidents/{id}/acknowledge", ctx -> change(ctx, (i, who, now, body) ->
                IncidentLifecycle.acknowledge(i, who, now)));
        routes.post("/api/v1/incidents/{id}/resolve", this::resolve);
        routes.post("/api/v1/incidents/{id}/status", ctx -> change(ctx, (i, who, now, body) -> {
            String text = HttpServer.text(body, "status", true);
            IncidentStatus status = IncidentStatus.parse(text).orElseThrow(() -> HttpProblem.badRequest("status",
                    "unknown status '" + text + "' (use " + IncidentStatus.accepted() + ")"));
            return IncidentLifecycle.changeStatus(i, status, HttpServer.text(body, "message", false), who, now);
        }));
        routes.post("/api/v1/incidents/{id}/notes", ctx -> change(ctx, (i, who, now, body) ->
                IncidentLifecycle.note(i, HttpServer.text(body, "text", true), who, now)));
        routes.post("/api/v1/incidents/{id}/assign", ctx -> change(ctx, this::assign));
        routes.post("/api/v1/incidents/{id}/escalate", this::escalate);
        routes.post("/api/v1/incidents/{id}/severity", ctx -> change(ctx, (i, who, now, body) -> {
            String text = HttpServer.text(body, "severity", true);
            Severity severity = Severity.parse(text).orElseThrow(() -> HttpProblem.badRequest("severity",
                    "unknown severity '" + text + "' (use " + Severity.accepted() + ")"));
            String reason = HttpServer.text(body, "reason", true);
            return IncidentLifecycle.changeSeverity(i, severity, reason, who, now);
        }));
    }

    /** Resolve; {@code "false_positive": true} flags it for the report's false-positive rate. */
    private void resolve(Context ctx) {
        JsonNode body = HttpServer.objectBody(ctx);
        JsonNode flag = body.get("false_positive");
        if (flag != null && !flag.isNull() && !flag.isBoolean()) {
            throw HttpProblem.badRequest("false_positive", "false_positive must be true or false");
        }
        boolean falsePositive = flag != null && flag.asBoolean(false);
        change(ctx, (i, who, now, b) -> {
            String message = HttpServer.text(b, "message", false);
            return IncidentLifecycle.resolve(i, falsePositive ? "False positive" + (message.isBlank() ? "" : ": " + message.strip()) : message,
                    who, now);
        }, falsePositive);
    }

    private Change assign(Incident incident, String who, Instant now, JsonNode body) {
        String commander = HttpServer.text(body, "commander", false).strip();
        List<String> responders = new ArrayList<>();
        JsonNode list = body.get("responders");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw HttpProblem.badRequest("responders", "responders must be an array of names");
            }
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
                    throw HttpProblem.badRequest("responders[" + i + "]", "must be a non-empty name");
                }
                responders.add(list.get(i).asText().strip());
            }
        }
        if (commander.isEmpty() && responders.isEmpty()) {
            throw HttpProblem.badRequest("commander", "name a commander, responders, or both");
        }
        Change change = commander.isEmpty() ? null : IncidentLifecycle.assignCommander(incident, commander, who, now);
        for (String responder : responders) {
            change = change == null ? IncidentLifecycle.addResponder(incident, responder, who, now)
                    : change.then(i -> IncidentLifecycle.addResponder(i, responder, who, now));
        }
        return change;
    }

    @FunctionalInterface
    interface Decision {
        Change decide(Incident incident, String actor, Instant now, JsonNode body);
    }

    private void change(Context ctx, Decision decision) {
        change(ctx, decision, false);
    }

    /** {@link #change(Context, Decision)}, flagging the incident as a false positive in the same transaction when asked. */
    private void change(Context ctx, Decision decision, boolean falsePositive) {
        String id = ctx.pathParam("id");
        JsonNode body = HttpServer.objectBody(ctx);
        String actor = HttpServer.principal(ctx).name();
        Instant now = service.clock().instant();
        // An unknown incident is a 404; then the body is checked against the current incident, so a bad
        // field is a 400 before anything is written.
        Incident probe = service.incidents().find(id).orElseThrow(() -> HttpProblem.notFound("no incident " + id));
        decision.decide(probe, actor, now, body);
        Function<Incident, Change> decide = incident -> decision.decide(incident, actor, now, body);
        IncidentStore.Update update = service.incidents().update(id, decide, falsePositive);
        switch (update) {
            case IncidentStore.Update.Updated updated -> {
                service.deliverSoon();
                ctx.json(IncidentJson.incident(updated.incident()));
            }
            case IncidentStore.Update.Rejected rejected -> throw HttpProblem.conflict(rejected.reason());
            case IncidentStore.Update.NotFound missing -> throw HttpProblem.notFound("no incident " + id);
        }
    }

    /** The next step of the incident's escalation policy, paged now; the answer is the incident and the events written. */
    private void escalate(Context ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = HttpServer.objectBody(ctx);
        String reason = HttpServer.text(body, "reason", false);
        var outcome = service.escalation().escalate(service.incidents(), id, HttpServer.principal(ctx).name(), reason,
                service.clock().instant());
        switch (outcome) {
            case io.firebreak.server.engine.EscalationModule.Manual.Escalated escalated -> {
                service.deliverSoon();
                Map<String, Object> answer = new LinkedHashMap<>(IncidentJson.incident(escalated.incident()));
                answer.put("events", escalated.events().stream().map(IncidentJson::event).toList());
                ctx.json(answer);
            }
            case io.firebreak.server.engine.EscalationModule.Manual.Rejected rejected -> throw HttpProblem.conflict(rejected.reason());
            case io.firebreak.server.engine.EscalationModule.Manual.NotFound missing -> throw HttpProblem.notFound("no incident " + id);
        }
    }

    private void open(Context ctx) {
        JsonNode body = HttpServer.objectBody(ctx);
        String title = HttpServer.text(body, "title", true);
        String severityText = HttpServer.text(body, "severity", true);
        Severity severity = Severity.parse(severityText).orElseThrow(() -> HttpProblem.badRequest("severity",
                "unknown severity '" + severityText + "' (use " + Severity.accepted() + ")"));
        String service = HttpServer.text(body, "service", false).strip();
        Incident incident = this.service.incidents().open(NewIncident.manual(title, severity, service),
                HttpServer.principal(ctx).name(), this.service.clock().instant());
        this.service.deliverSoon();
        ctx.status(201).json(IncidentJson.incident(incident));
    }

    private void list(Context ctx) {
        Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
        String statusParam = ctx.queryParam("status");
        boolean openOnly = false;
        if (statusParam != null && !statusParam.isBlank()) {
            for (String part : statusParam.split(",")) {
                if (part.strip().equalsIgnoreCase("open")) {
                    openOnly = true;
                    continue;
                }
                statuses.add(IncidentStatus.parse(part).orElseThrow(() -> HttpProblem.badRequest("status",
                        "unknown status '" + part.strip() + "' (use open or " + IncidentStatus.accepted() + ", comma-separated)")));
            }
        }
        Optional<Severity> severity = Optional.ofNullable(ctx.queryParam("severity")).filter(s -> !s.isBlank())
                .map(s -> Severity.parse(s).orElseThrow(() -> HttpProblem.badRequest("severity",
                        "unknown severity '" + s + "' (use " + Severity.accepted() + ")")));
        Optional<String> serviceName = Optional.ofNullable(ctx.queryParam("service")).filter(s -> !s.isBlank());
        Instant now = service.clock().instant();
        Optional<Instant> since = time(ctx, "since", now);
        Optional<Instant> until = time(ctx, "until", now);
        int limit = DEFAULT_LIMIT;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("limit", "limit must be a number from 1 to " + MAX_LIMIT);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw HttpProblem.badRequest("limit", "limit must be a number from 1 to " + MAX_LIMIT);
            }
        }
        Optional<IncidentFilter.Cursor> cursor = Optional.empty();
        String cursorParam = ctx.queryParam("cursor");
        if (cursorParam != null && !cursorParam.isBlank()) {
            cursor = Optional.of(IncidentFilter.Cursor.decode(cursorParam)
                    .orElseThrow(() -> HttpProblem.badRequest("cursor", "not a cursor from an earlier page's next_cursor")));
        }
        var filter = new IncidentFilter(statuses, severity, serviceName, since, until, openOnly, cursor, limit + 1);
        List<Incident> page = service.incidents().page(filter);
        boolean more = page.size() > limit;
        List<Incident> shown = more ? page.subList(0, limit) : page;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("incidents", shown.stream().map(IncidentJson::incident).toList());
        Incident last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
        answer.put("next_cursor", more && last != null ? new IncidentFilter.Cursor(last.detected().toEpochMilli(), last.id()).encode() : null);
        ctx.json(answer);
    }

    /** An RFC 3339 time, or a duration back from now ({@code 7d}). */
    private static Optional<Instant> time(Context ctx, String name, Instant now) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<java.time.Duration> ago = Durations.parse(value);
        if (ago.isPresent()) {
            return Optional.of(now.minus(ago.get()));
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name, name + " must be an RFC 3339 time or a duration such as 7d, was '" + value + "'");
        }
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        Incident incident = service.incidents().find(id).orElseThrow(() -> HttpProblem.notFound("no incident " + id));
        Map<String, Object> answer = new LinkedHashMap<>(IncidentJson.incident(incident));
        answer.put("timeline", service.incidents().timeline(id).stream().map(IncidentJson::event).toList());
        answer.put("alerts", service.alerts().ofIncident(id).stream().map(IncidentRoutes::alert).toList());
        answer.put("deliveries", service.outbox().list(Optional.of(id), false, 1000).stream().map(IncidentRoutes::delivery).toList());
        ctx.json(answer);
    }

    static Map<String, Object> alert(AlertStore.StoredAlert stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fingerprint", stored.fingerprint());
        out.put("source", stored.alert().source());
        out.put("status", stored.alert().firing() ? "firing" : "resolved");
        out.put("labels", stored.alert().labels());
        out.put("annotations", stored.alert().annotations());
        out.put("starts_at", stored.alert().startsAt().toString());
        out.put("ends_at", stored.alert().endsAt() == null ? null : stored.alert().endsAt().toString());
        out.put("generator_url", stored.alert().generatorUrl());
        out.put("incident_id", stored.incidentId());
        out.put("updated", stored.updated().toString());
        return out;
    }

    static Map<String, Object> delivery(OutboxRow row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.id());
        out.put("incident_id", row.incidentId());
        out.put("channel", row.channel());
        out.put("event", row.event());
        out.put("state", row.state());
        out.put("attempts", row.attempts());
        out.put("last_status", row.lastStatus());
        out.put("last_reason", row.lastReason());
        out.put("created", row.created().toString());
        out.put("due", row.due() == null ? null : row.due().toString());
        return out;
    }
}
