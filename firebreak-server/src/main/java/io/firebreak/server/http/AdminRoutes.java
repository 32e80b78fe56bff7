package io.firebreak.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.core.mute.Silence;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.RuleState;
import io.firebreak.core.time.Durations;
import io.firebreak.server.Service;
import io.firebreak.server.routing.Re2Matchers;
import io.firebreak.server.store.RuleHealth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/rules}, {@code /api/v1/silences} and {@code /api/v1/notifications}. */
public final class AdminRoutes implements HttpServer.Routes {
    private final Service service;

    AdminRoutes(Service service) {
        this.service = service;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/rules", this::rules);
        routes.get("/api/v1/silences", ctx -> ctx.json(Map.of("silences", service.silences()
                .list(service.clock().instant(), "true".equals(ctx.queryParam("expired"))).stream().map(AdminRoutes::silence).toList())));
        routes.post("/api/v1/silences", ctx -> {
            Silence silence = createSilence(service, HttpServer.objectBody(ctx), HttpServer.principal(ctx).name());
            ctx.status(201).json(silence(silence));
        });
        routes.delete("/api/v1/silences/{id}", ctx -> {
            String id = ctx.pathParam("id");
            if (!service.silences().expire(id, service.clock().instant())) {
                throw HttpProblem.notFound("no active or pending silence " + id);
            }
            ctx.json(Map.of("id", id, "status", "expired"));
        });
        routes.get("/api/v1/cluster", ctx -> {
            var now = service.clock().instant();
            var held = service.leases().list();
            var instances = service.leases().instances().stream().map(i -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", i.id());
                out.put("host", i.host());
                out.put("pid", i.pid());
                out.put("command", i.command());
                out.put("version", i.version());
                out.put("started", i.started().toString());
                out.put("heartbeat", i.heartbeat().toString());
                out.put("leads", held.stream().filter(l -> l.holder().equals(i.id()) && l.expires().isAfter(now)).map(l -> l.module()).toList());
                out.put("self", i.id().equals(service.instance().id()));
                return out;
            }).toList();
            var leases = held.stream().map(l -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("module", l.module());
                out.put("holder", l.holder());
                out.put("term", l.token());
                out.put("expires", l.expires().toString());
                out.put("active", l.expires().isAfter(now));
                return out;
            }).toList();
            ctx.json(Map.of("instances", instances, "leases", leases));
        });
        routes.get("/api/v1/notifications", ctx -> {
            boolean failed = "true".equals(ctx.queryParam("failed"));
            Optional<String> incident = Optional.ofNullable(ctx.queryParam("incident")).filter(s -> !s.isBlank());
            ctx.json(Map.of("notifications", service.outbox().list(incident, failed, 500).stream().map(IncidentRoutes::delivery).toList()));
        });
        routes.post("/api/v1/notifications/{id}/retry", ctx -> {
            String id = ctx.pathParam("id");
            var row = service.outbox().find(id).orElseThrow(() -> HttpProblem.notFound("no notification " + id));
            if (!service.outbox().retry(id, service.clock().instant())) {
                throw HttpProblem.conflict("notification " + id + " is already " + row.state());
            }
            service.deliverSoon();
            ctx.json(IncidentRoutes.delivery(service.outbox().find(id).orElseThrow()));
        });
    }

    private void rules(Context ctx) {
        Map<String, RuleHealth> health = new LinkedHashMap<>();
        service.detection().health().forEach(h -> health.put(h.rule(), h));
        Map<String, RuleState> states = service.detection().loadStates();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Rule rule : service.rules()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", rule.name());
            entry.put("group", rule.group());
            entry.put("query", rule.query());
            entry.put("severity", rule.severity().sev());
            entry.put("service", rule.service());
            entry.put("for_seconds", rule.holdFor().toSeconds());
            entry.put("runbook", rule.runbook());
            entry.put("origin", rule.origin());
            RuleHealth h = health.get(rule.name());
            entry.put("health", h == null ? "unknown" : h.ok() ? "ok" : "error");
            entry.put("last_error", h == null ? "" : h.lastError());
            entry.put("last_evaluation", h == null ? null : h.lastEvaluation().toString());
            entry.put("evaluation_seconds", h == null ? null : h.duration().toMillis() / 1000.0);
            List<Map<String, Object>> alerts = new ArrayList<>();
            RuleState state = states.getOrDefault(rule.name(), RuleState.inactive());
            for (AlertInstance instance : state.instances().values()) {
                alerts.add(Map.of("labels", instance.labels(), "state", instance.state().name().toLowerCase(java.util.Locale.ROOT),
                        "active_since", instance.activeSince().toString(), "value", instance.value()));
            }
            entry.put("state", alerts.stream().anyMatch(a -> "firing".equals(a.get("state"))) ? "firing"
                    : alerts.isEmpty() ? "inactive" : "pending");
            entry.put("alerts", alerts);
            out.add(entry);
        }
        ctx.json(Map.of("rules", out));
    }

    /** A silence from {matchers, starts_at, ends_at | duration, comment, created_by}, as the CLI makes them. */
    public static Silence createSilence(Service service, JsonNode body, String actor) {
        JsonNode list = body.get("matchers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw HttpProblem.badRequest("matchers", "matchers: a non-empty array such as [\"service=\\\"agente-api\\\"\"]");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                throw HttpProblem.badRequest("matchers[" + i + "]", "must be a string such as alertname=\"X\"");
            }
            switch (Re2Matchers.parse(list.get(i).asText())) {
                case Matcher.Parsed.Ok ok -> matchers.add(ok.matcher());
                case Matcher.Parsed.Invalid invalid -> throw HttpProblem.badRequest("matchers[" + i + "]", invalid.reason());
            }
        }
        Instant now = service.clock().instant();
        Instant starts = instant(body, "starts_at").orElse(now);
        Optional<Instant> ends = instant(body, "ends_at");
        String durationText = HttpServer.text(body, "duration", false);
        if (ends.isEmpty()) {
            if (durationText.isBlank()) {
                throw HttpProblem.badRequest("ends_at", "give ends_at (RFC 3339) or duration (such as 2h)");
            }
            Duration duration = Durations.parse(durationText).filter(d -> !d.isZero() && !d.isNegative())
                    .orElseThrow(() -> HttpProblem.badRequest("duration", "not a duration: '" + durationText + "' (such as 30m, 2h)"));
            ends = Optional.of(starts.plus(duration));
        }
        if (!ends.get().isAfter(starts)) {
            throw HttpProblem.badRequest("ends_at", "ends_at must be after starts_at");
        }
        if (!ends.get().isAfter(now)) {
            throw HttpProblem.badRequest("ends_at", "ends_at is in the past");
        }
        String comment = HttpServer.text(body, "comment", true);
        // Who made it is the token that made it, not what the body claims.
        return service.silences().add(matchers, starts, ends.get(), actor, comment, now);
    }

    private static Optional<Instant> instant(JsonNode body, String field) {
        String text = HttpServer.text(body, field, false);
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            throw HttpProblem.badRequest(field, field + " must be an RFC 3339 time, was '" + text + "'");
        }
    }

    static Map<String, Object> silence(Silence silence) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", silence.id());
        out.put("matchers", silence.matchers().stream().map(Matcher::toString).toList());
        out.put("starts_at", silence.startsAt().toString());
        out.put("ends_at", silence.endsAt().toString());
        out.put("created_by", silence.author());
        out.put("comment", silence.comment());
        return out;
    }
}
