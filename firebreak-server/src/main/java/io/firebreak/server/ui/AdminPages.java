package io.firebreak.server.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.core.mute.Silence;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.RuleState;
import io.firebreak.server.Service;
import io.firebreak.server.http.AdminRoutes;
import io.firebreak.server.http.HttpProblem;
import io.firebreak.server.http.HttpServer;
import io.firebreak.server.store.RuleHealth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules with their health, silences (list, create, expire) and failed deliveries (retry):
 * the same data and the same validation as {@code /api/v1/rules}, {@code /api/v1/silences} and
 * {@code /api/v1/notifications}.
 */
final class AdminPages {
    private final Service service;
    private final UiAccess access;
    private final UiPages pages;

    AdminPages(Service service, UiAccess access, UiPages pages) {
        this.service = service;
        this.access = access;
        this.pages = pages;
    }

    record RuleRow(String name, String group, String query, String sev, String sevClass, String service, String holdFor, String origin,
                   String health, String healthClass, String lastError, String lastEvaluation, String state, String stateClass,
                   List<InstanceRow> instances) {}

    record InstanceRow(List<Views.Pair> labels, String state, String activeSince, String value) {}

    record SilenceRow(String id, String matchers, String startsAt, String endsAt, String author, String comment, boolean active) {}

    void rules(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        Map<String, RuleHealth> health = new LinkedHashMap<>();
        service.detection().health().forEach(h -> health.put(h.rule(), h));
        Map<String, RuleState> states = service.detection().loadStates();
        Instant now = service.clock().instant();
        List<RuleRow> rows = service.rules().stream().map(rule -> ruleRow(rule, health.get(rule.name()),
                states.getOrDefault(rule.name(), RuleState.inactive()), now)).toList();
        pages.show(ctx, 200, visitor, "rules", "Rules", "rules", Map.of("rules", rows, "hasRules", !rows.isEmpty()));
    }

    private static RuleRow ruleRow(Rule rule, RuleHealth health, RuleState state, Instant now) {
        String healthText = health == null ? "unknown" : health.ok() ? "ok" : "error";
        List<InstanceRow> instances = state.instances().values().stream()
                .map((AlertInstance instance) -> new InstanceRow(Views.pairs(instance.labels()), Views.lower(instance.state()),
                        Views.time(instance.activeSince()), String.valueOf(instance.value())))
                .toList();
        String stateText = instances.stream().anyMatch(i -> i.state().equals("firing")) ? "firing"
                : instances.isEmpty() ? "inactive" : "pending";
        return new RuleRow(rule.name(), rule.group(), rule.query(), rule.severity().sev(), "sev" + rule.severity().level(),
                rule.service(), Views.age(rule.holdFor()), rule.origin(), healthText, "health-" + healthText,
                health == null || health.lastError() == null ? "" : health.lastError(),
                health == null ? "never" : Views.time(health.lastEvaluation()) + " (" + Views.age(Duration.between(health.lastEvaluation(), now))
                        + " ago)", stateText, "state-" + stateText, instances);
    }

    void silences(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        showSilences(ctx, visitor, 200, "", "", "2h", "");
    }

    private void showSilences(Context ctx, UiAccess.Visitor visitor, int status, String error, String matchers, String duration,
                              String comment) {
        Instant now = service.clock().instant();
        List<SilenceRow> rows = service.silences().list(now, false).stream().map(s -> silenceRow(s, now)).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("silences", rows);
        data.put("hasSilences", !rows.isEmpty());
        data.put("error", error);
        data.put("hasError", !error.isEmpty());
        data.put("matchers", matchers);
        data.put("duration", duration);
        data.put("comment", comment);
        pages.show(ctx, status, visitor, "silences", "Silences", "silences", data);
    }

    private static SilenceRow silenceRow(Silence silence, Instant now) {
        return new SilenceRow(silence.id(), String.join(", ", silence.matchers().stream().map(Matcher::toString).toList()),
                Views.time(silence.startsAt()), Views.time(silence.endsAt()), silence.author(), silence.comment(),
                !silence.startsAt().isAfter(now));
    }

    void createSilence(Context ctx) {
        UiAccess.Visitor visitor = access.forAction(ctx, true);
        String matchers = Optional.ofNullable(ctx.formParam("matchers")).orElse("");
        String duration = Optional.ofNullable(ctx.formParam("duration")).orElse("").strip();
        String comment = Optional.ofNullable(ctx.formParam("comment")).orElse("").strip();
        ObjectNode body = HttpServer.JSON.createObjectNode();
        var list = body.putArray("matchers");
        matchers.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(list::add);
        body.put("duration", duration);
        body.put("comment", comment);
        try {
            AdminRoutes.createSilence(service, body, visitor.name());
        } catch (HttpProblem problem) {
            String field = problem.field() == null || problem.field().isEmpty() ? "" : problem.field().replaceAll("\\[.*", "") + ": ";
            showSilences(ctx, visitor, 400, "Not created: " + (problem.getMessage().startsWith(field) ? "" : field) + problem.getMessage(),
                    matchers, duration, comment);
            return;
        }
        ctx.redirect("/silences", HttpStatus.SEE_OTHER);
    }

    void expireSilence(Context ctx) {
        UiAccess.Visitor visitor = access.forAction(ctx, true);
        String id = ctx.pathParam("id");
        if (!service.silences().expire(id, service.clock().instant())) {
            showSilences(ctx, visitor, 404, "Silence " + id + " is not active or pending any more.", "", "2h", "");
            return;
        }
        ctx.redirect("/silences", HttpStatus.SEE_OTHER);
    }

    void notifications(Context ctx) {
        UiAccess.Visitor visitor = access.forPage(ctx);
        showNotifications(ctx, visitor, 200, "");
    }

    private void showNotifications(Context ctx, UiAccess.Visitor visitor, int status, String error) {
        var rows = service.outbox().list(Optional.empty(), true, 500).stream().map(Views::delivery).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deliveries", rows);
        data.put("hasDeliveries", !rows.isEmpty());
        data.put("error", error);
        data.put("hasError", !error.isEmpty());
        pages.show(ctx, status, visitor, "notifications", "Failed deliveries", "notifications", data);
    }

    void retry(Context ctx) {
        UiAccess.Visitor visitor = access.forAction(ctx, true);
        String id = ctx.pathParam("id");
        var row = service.outbox().find(id);
        if (row.isEmpty()) {
            showNotifications(ctx, visitor, 404, "There is no notification " + id + ".");
            return;
        }
        if (!service.outbox().retry(id, service.clock().instant())) {
            showNotifications(ctx, visitor, 409, "Notification " + id + " is already " + row.get().state() + ".");
            return;
        }
        service.deliverSoon();
        ctx.redirect("/notifications", HttpStatus.SEE_OTHER);
    }
}
