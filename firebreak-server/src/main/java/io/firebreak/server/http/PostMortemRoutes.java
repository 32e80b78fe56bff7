package io.firebreak.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.core.communication.UpdateCadence;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.core.postmortem.PostMortemDue;
import io.firebreak.core.postmortem.PostMortemState;
import io.firebreak.server.Service;
import io.firebreak.server.api.IncidentJson;
import io.firebreak.server.postmortem.PostMortems;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.PostMortemStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Post-mortems, action items and public updates over the API: the same operations as the CLI's
 * {@code postmortem} and {@code incident update --public}, through {@link PostMortems}, so a change
 * made here shows in the document at once.
 */
final class PostMortemRoutes implements HttpServer.Routes {
    private final Service service;
    private final PostMortems postMortems;

    PostMortemRoutes(Service service) {
        this.service = service;
        this.postMortems = PostMortems.of(service.config(), service.incidents(), new PostMortemStore(service.database()));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/postmortems", this::list);
        routes.get("/api/v1/incidents/{id}/postmortem", this::show);
        routes.post("/api/v1/incidents/{id}/postmortem", this::create);
        routes.post("/api/v1/incidents/{id}/postmortem/state", this::state);
        routes.get("/api/v1/action-items", this::allActions);
        routes.get("/api/v1/incidents/{id}/action-items", this::actions);
        routes.post("/api/v1/incidents/{id}/action-items", this::addAction);
        routes.post("/api/v1/incidents/{id}/action-items/{number}/close", ctx -> actionStatus(ctx, ActionItem.Status.DONE));
        routes.post("/api/v1/incidents/{id}/action-items/{number}/reopen", ctx -> actionStatus(ctx, ActionItem.Status.OPEN));
        routes.post("/api/v1/incidents/{id}/updates", this::update);
    }

    private void list(Context ctx) {
        Instant now = service.clock().instant();
        boolean overdueOnly = "true".equalsIgnoreCase(ctx.queryParam("overdue"));
        Map<String, PostMortemStore.PostMortem> records = new LinkedHashMap<>();
        postMortems.store().list().forEach(record -> records.put(record.incidentId(), record));
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (PostMortemDue.Obligation obligation : call(postMortems::obligations)) {
            if (overdueOnly && !obligation.overdue(now)) {
                continue;
            }
            out.add(summary(obligation, Optional.ofNullable(records.get(obligation.incident().id())), now));
        }
        ctx.json(Map.of("postmortems", out));
    }

    private static Map<String, Object> summary(PostMortemDue.Obligation obligation, Optional<PostMortemStore.PostMortem> record, Instant now) {
        Incident incident = obligation.incident();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incident_id", incident.id());
        out.put("severity", incident.severity().sev());
        out.put("incident_status", incident.status().name());
        out.put("title", record.map(PostMortemStore.PostMortem::title).orElse(incident.title()));
        out.put("state", obligation.state().map(Enum::name).orElse("MISSING"));
        out.put("due", obligation.due().toString());
        out.put("overdue", obligation.overdue(now));
        out.put("commander", incident.commander());
        out.put("path", record.map(PostMortemStore.PostMortem::path).orElse(null));
        return out;
    }

    private Map<String, Object> detail(String id) {
        Instant now = service.clock().instant();
        PostMortemStore.PostMortem record = postMortems.store().find(id)
                .orElseThrow(() -> HttpProblem.notFound("no post-mortem for " + id + " (POST /api/v1/incidents/" + id + "/postmortem drafts one)"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incident_id", id);
        out.put("title", record.title());
        out.put("state", record.state().name());
        out.put("path", record.path());
        out.put("created", record.created().toString());
        out.put("updated", record.updated().toString());
        out.put("published", record.published() == null ? null : record.published().toString());
        call(postMortems::obligations).stream().filter(o -> o.incident().id().equals(id)).findFirst().ifPresent(o -> {
            out.put("due", o.due().toString());
            out.put("overdue", o.overdue(now));
        });
        out.put("document", postMortems.document(id).orElse(null));
        out.put("action_items", postMortems.store().actions(Optional.of(id)).stream().map(item -> item(item, now)).toList());
        return out;
    }

    private void show(Context ctx) {
        String id = known(ctx);
        ctx.json(detail(id));
    }

    private void create(Context ctx) {
        String id = known(ctx);
        JsonNode body = HttpServer.objectBody(ctx);
        String title = HttpServer.text(body, "title", false);
        boolean force = flag(body, "force");
        call(() -> postMortems.create(id, title, force, HttpServer.principal(ctx).name(), service.clock().instant()));
        service.deliverSoon();
        ctx.status(201).json(detail(id));
    }

    private void state(Context ctx) {
        String id = known(ctx);
        String text = HttpServer.text(HttpServer.objectBody(ctx), "state", true);
        PostMortemState target = PostMortemState.parse(text).orElseThrow(() -> HttpProblem.badRequest("state",
                "unknown state '" + text + "' (use draft, in_review or published)"));
        call(() -> postMortems.setState(id, target, HttpServer.principal(ctx).name(), service.clock().instant()));
        service.deliverSoon();
        ctx.json(detail(id));
    }

    private void allActions(Context ctx) {
        Instant now = service.clock().instant();
        boolean overdueOnly = "true".equalsIgnoreCase(ctx.queryParam("overdue"));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        ctx.json(Map.of("action_items", postMortems.store().actions(Optional.empty()).stream()
                .filter(item -> !overdueOnly || item.overdue(today)).map(item -> item(item, now)).toList()));
    }

    private void actions(Context ctx) {
        String id = known(ctx);
        Instant now = service.clock().instant();
        ctx.json(Map.of("action_items", postMortems.store().actions(Optional.of(id)).stream().map(item -> item(item, now)).toList()));
    }

    private void addAction(Context ctx) {
        String id = known(ctx);
        JsonNode body = HttpServer.objectBody(ctx);
        ActionItem item = call(() -> postMortems.addAction(id, HttpServer.text(body, "priority", true), HttpServer.text(body, "description", true),
                HttpServer.text(body, "owner", true), HttpServer.text(body, "due", true), HttpServer.text(body, "tracker_url", false),
                service.clock().instant()));
        ctx.status(201).json(item(item, service.clock().instant()));
    }

    private void actionStatus(Context ctx, ActionItem.Status status) {
        String id = known(ctx);
        int number;
        try {
            number = Integer.parseInt(ctx.pathParam("number"));
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound("no action item " + ctx.pathParam("number") + " for " + id);
        }
        call(() -> {
            postMortems.setActionStatus(id, number, status, service.clock().instant());
            return status;
        });
        ActionItem item = postMortems.store().actions(Optional.of(id)).stream().filter(i -> i.number() == number).findFirst().orElseThrow();
        ctx.json(item(item, service.clock().instant()));
    }

    /** {@code {"text": ..., "public": true}}: a public update (status page, stakeholders); {@code "public": false} is an internal note. */
    private void update(Context ctx) {
        String id = known(ctx);
        JsonNode body = HttpServer.objectBody(ctx);
        String text = HttpServer.text(body, "text", true);
        JsonNode publicFlag = body.get("public");
        if (publicFlag == null || publicFlag.isNull() || !publicFlag.isBoolean()) {
            throw HttpProblem.badRequest("public", "say whether the update is public: \"public\": true (status page and stakeholders) or false (an internal note)");
        }
        String actor = HttpServer.principal(ctx).name();
        Instant now = service.clock().instant();
        UpdateCadence cadence = service.config().config().communication().cadence();
        Incident before = service.incidents().find(id).orElseThrow(() -> HttpProblem.notFound("no incident " + id));
        Optional<UpdateCadence.Update> judged = publicFlag.asBoolean() ? cadence.judge(before, service.incidents().timeline(id), now) : Optional.empty();
        IncidentStore.Update update = service.incidents().update(id, incident -> publicFlag.asBoolean()
                ? IncidentLifecycle.publicUpdate(incident, text, actor, now) : IncidentLifecycle.note(incident, text, actor, now));
        switch (update) {
            case IncidentStore.Update.Updated updated -> {
                service.deliverSoon();
                Map<String, Object> answer = new LinkedHashMap<>(IncidentJson.incident(updated.incident()));
                answer.put("event", IncidentJson.event(updated.events().get(0)));
                answer.put("cadence", judged.map(judgement -> {
                    Map<String, Object> cadenceJson = new LinkedHashMap<>();
                    cadenceJson.put("due", judgement.due().toString());
                    cadenceJson.put("on_time", judgement.onTime());
                    cadenceJson.put("late_seconds", judgement.late().toSeconds());
                    return (Object) cadenceJson;
                }).orElse(null));
                ctx.status(201).json(answer);
            }
            case IncidentStore.Update.Rejected rejected -> throw HttpProblem.badRequest("text", rejected.reason());
            case IncidentStore.Update.NotFound missing -> throw HttpProblem.notFound("no incident " + id);
        }
    }

    static Map<String, Object> item(ActionItem item, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incident_id", item.incidentId());
        out.put("number", item.number());
        out.put("priority", item.priority().name());
        out.put("description", item.description());
        out.put("owner", item.owner());
        out.put("due", item.due().toString());
        out.put("status", item.status().name());
        out.put("overdue", item.overdue(LocalDate.ofInstant(now, ZoneOffset.UTC)));
        out.put("tracker_url", item.trackerUrl().isEmpty() ? null : item.trackerUrl());
        return out;
    }

    private String known(Context ctx) {
        String id = ctx.pathParam("id");
        service.incidents().find(id).orElseThrow(() -> HttpProblem.notFound("no incident " + id));
        return id;
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw HttpProblem.badRequest(field, field + " must be true or false");
        }
        return node.asBoolean();
    }

    /** Runs a post-mortem operation, turning its refusals into 400 (with the field), 404 and 409. */
    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (PostMortems.Invalid e) {
            throw HttpProblem.badRequest(e.field(), e.getMessage());
        } catch (PostMortems.NotFound e) {
            throw HttpProblem.notFound(e.getMessage());
        } catch (PostMortems.Conflict e) {
            throw HttpProblem.conflict(e.getMessage());
        }
    }
}
