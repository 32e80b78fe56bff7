package io.firebreak.server.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.core.oncall.OnCall;
import io.firebreak.core.oncall.Schedule;
import io.firebreak.server.Service;
import io.firebreak.server.http.HttpProblem;
import io.firebreak.server.http.HttpServer;
import io.firebreak.server.oncall.OnCallRoutes;
import io.firebreak.server.store.OnCallStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /oncall}: who is on call now per schedule, the next four weeks of shifts, the overrides, and
 * forms to add and remove overrides, with the same validation as {@code /api/v1/oncall/overrides}.
 */
final class OnCallPages {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", java.util.Locale.ROOT);
    static final int WEEKS = 4;

    private final Service service;
    private final UiAccess access;
    private final UiPages pages;

    OnCallPages(Service service, UiAccess access, UiPages pages) {
        this.service = service;
        this.access = access;
        this.pages = pages;
    }

    record ScheduleView(String name, String zone, String onCall, boolean nobody, String nextHandoff, List<ShiftRow> shifts) {}

    record ShiftRow(String from, String to, String person, boolean override) {}

    record OverrideRow(String id, String schedule, String change, String from, String to, String by) {}

    record Option(String value, boolean selected) {}

    void show(Context ctx) {
        render(ctx, access.forPage(ctx), 200, "", Map.of());
    }

    private void render(Context ctx, UiAccess.Visitor visitor, int status, String error, Map<String, String> form) {
        Instant now = service.clock().instant();
        var onCall = service.onCall();
        List<ScheduleView> schedules = onCall.schedules().stream().map(s -> {
            List<String> people = onCall.onCallNames(s.name(), now);
            List<ShiftRow> shifts = onCall.shifts(s, now, now.plus(Duration.ofDays(7L * WEEKS))).stream()
                    .map(shift -> new ShiftRow(local(shift.start(), s.zone()), local(shift.end(), s.zone()), shift.person(), shift.covering()))
                    .toList();
            return new ScheduleView(s.name(), s.zone().getId(), String.join(" + ", people), people.isEmpty(),
                    local(OnCall.nextHandoff(s, now), s.zone()), shifts);
        }).toList();
        List<OverrideRow> overrides = onCall.store().overrides(Optional.empty(), now, Instant.parse("9999-12-31T00:00:00Z")).stream()
                .map(o -> {
                    ZoneId zone = onCall.schedule(o.schedule()).map(Schedule::zone).orElse(ZoneOffset.UTC);
                    return new OverrideRow(o.id(), o.schedule(), o.describe(), local(o.startsAt(), zone), local(o.endsAt(), zone), o.createdBy());
                }).toList();
        String chosen = form.getOrDefault("schedule", "");
        String kind = form.getOrDefault("kind", "replace");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schedules", schedules);
        data.put("hasSchedules", !schedules.isEmpty());
        data.put("weeks", WEEKS);
        data.put("overrides", overrides);
        data.put("hasOverrides", !overrides.isEmpty());
        data.put("scheduleOptions", onCall.schedules().stream().map(s -> new Option(s.name(), s.name().equals(chosen))).toList());
        data.put("kindOptions", List.of("replace", "add", "remove").stream().map(k -> new Option(k, k.equals(kind))).toList());
        data.put("people", service.config().config().people().stream().map(p -> p.name()).toList());
        data.put("person", form.getOrDefault("person", ""));
        data.put("replaces", form.getOrDefault("replaces", ""));
        data.put("from", form.getOrDefault("from", ""));
        data.put("to", form.getOrDefault("to", ""));
        data.put("error", error);
        data.put("hasError", !error.isEmpty());
        pages.show(ctx, status, visitor, "oncall", "On call", "oncall", data);
    }

    private static String local(Instant instant, ZoneId zone) {
        return LOCAL.format(instant.atZone(zone));
    }

    void addOverride(Context ctx) {
        UiAccess.Visitor visitor = access.forAction(ctx, true);
        Map<String, String> form = new LinkedHashMap<>();
        for (String field : List.of("schedule", "kind", "person", "replaces", "from", "to")) {
            form.put(field, Optional.ofNullable(ctx.formParam(field)).orElse("").strip());
        }
        ObjectNode body = HttpServer.JSON.createObjectNode();
        body.put("schedule", form.get("schedule"));
        body.put("kind", form.get("kind"));
        if (!form.get("kind").equals("remove")) {
            body.put("person", form.get("person"));
        }
        if (!form.get("kind").equals("add")) {
            body.put("replaces", form.get("replaces"));
        }
        body.put("starts_at", form.get("from"));
        body.put("ends_at", form.get("to"));
        try {
            OnCallRoutes.createOverride(service.onCall(), body, visitor.name(), service.clock().instant());
        } catch (HttpProblem problem) {
            render(ctx, visitor, problem.status(), "Not added: " + problem.getMessage(), form);
            return;
        }
        ctx.redirect("/oncall", HttpStatus.SEE_OTHER);
    }

    void removeOverride(Context ctx) {
        UiAccess.Visitor visitor = access.forAction(ctx, true);
        String id = ctx.pathParam("id");
        OnCallStore.Removal removal = service.onCall().store().removeOverride(id, service.clock().instant());
        if (removal == OnCallStore.Removal.NOT_FOUND || removal == OnCallStore.Removal.ALREADY_OVER) {
            render(ctx, visitor, 404, "Override " + id + " is not in force or planned any more.", Map.of());
            return;
        }
        ctx.redirect("/oncall", HttpStatus.SEE_OTHER);
    }
}
