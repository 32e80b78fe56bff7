package io.firebreak.server.oncall;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.core.oncall.OnCall;
import io.firebreak.core.oncall.Override;
import io.firebreak.core.oncall.Schedule;
import io.firebreak.core.oncall.Shift;
import io.firebreak.server.Service;
import io.firebreak.server.config.PersonConfig;
import io.firebreak.server.http.HttpProblem;
import io.firebreak.server.http.HttpServer;
import io.firebreak.server.store.OnCallStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/oncall}: who is on call now and the next shifts per schedule, overrides (list,
 * add, remove), and iCal feeds per schedule ({@code /api/v1/oncall/primary.ics}) and per person
 * ({@code /api/v1/oncall/people/alice.ics}). Like all of {@code /api}, the feeds need a bearer token.
 */
public final class OnCallRoutes implements HttpServer.Routes {
    /** How far the iCal feeds reach: four weeks back, twelve ahead. */
    static final Duration FEED_PAST = Duration.ofDays(28);
    static final Duration FEED_AHEAD = Duration.ofDays(84);

    private final Service service;

    public OnCallRoutes(Service service) {
        this.service = service;
    }

    @java.lang.Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/oncall", this::now);
        routes.get("/api/v1/oncall/overrides", this::listOverrides);
        routes.post("/api/v1/oncall/overrides", ctx -> {
            Override override = createOverride(service.onCall(), HttpServer.objectBody(ctx), HttpServer.principal(ctx).name(),
                    service.clock().instant());
            ctx.status(201).json(override(override));
        });
        routes.delete("/api/v1/oncall/overrides/{id}", ctx -> {
            String id = ctx.pathParam("id");
            OnCallStore.Removal removal = service.onCall().store().removeOverride(id, service.clock().instant());
            switch (removal) {
                case NOT_FOUND -> throw HttpProblem.notFound("no override " + id);
                case ALREADY_OVER -> throw HttpProblem.conflict("override " + id + " has already ended");
                default -> ctx.json(Map.of("id", id, "status", removal == OnCallStore.Removal.DELETED ? "deleted" : "ended"));
            }
        });
        routes.get("/api/v1/oncall/people/{file}", ctx -> personFeed(ctx, icsName(ctx.pathParam("file"))));
        routes.get("/api/v1/oncall/{file}", ctx -> scheduleFeed(ctx, icsName(ctx.pathParam("file"))));
    }

    private static String icsName(String file) {
        if (!file.endsWith(".ics") || file.length() == 4) {
            throw HttpProblem.notFound("no such path: expected NAME.ics");
        }
        return file.substring(0, file.length() - 4);
    }

    private void now(Context ctx) {
        Instant at = Optional.ofNullable(ctx.queryParam("at")).filter(s -> !s.isBlank())
                .map(text -> OnCallService.parseTime(text, java.time.ZoneOffset.UTC)
                        .orElseThrow(() -> HttpProblem.badRequest("at", "at: not a time (2026-11-04T08:00:00Z)")))
                .orElse(service.clock().instant());
        int weeks = weeks(ctx, 2);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Schedule schedule : service.onCall().schedules()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", schedule.name());
            entry.put("timezone", schedule.zone().getId());
            entry.put("on_call", service.onCall().onCall(schedule.name(), at).stream().map(OnCallRoutes::person).toList());
            entry.put("next_handoff", OnCall.nextHandoff(schedule, at).toString());
            entry.put("shifts", service.onCall().shifts(schedule, at, at.plus(Duration.ofDays(7L * weeks))).stream()
                    .map(OnCallRoutes::shift).toList());
            out.add(entry);
        }
        ctx.json(Map.of("at", at.toString(), "schedules", out));
    }

    private static int weeks(Context ctx, int fallback) {
        String text = ctx.queryParam("weeks");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int weeks = Integer.parseInt(text);
            if (weeks >= 1 && weeks <= 52) {
                return weeks;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpProblem.badRequest("weeks", "weeks: a number from 1 to 52");
    }

    private void listOverrides(Context ctx) {
        Instant now = service.clock().instant();
        Optional<String> schedule = Optional.ofNullable(ctx.queryParam("schedule")).filter(s -> !s.isBlank());
        Instant from = "true".equals(ctx.queryParam("all")) ? Instant.EPOCH : now;
        ctx.json(Map.of("overrides", service.onCall().store().overrides(schedule, from, Instant.parse("9999-12-31T00:00:00Z")).stream()
                .map(OnCallRoutes::override).toList()));
    }

    private void scheduleFeed(Context ctx, String name) {
        Schedule schedule = service.onCall().schedule(name).orElseThrow(() -> HttpProblem.notFound("no schedule " + name));
        Instant now = service.clock().instant();
        List<Shift> shifts = service.onCall().shifts(schedule, now.minus(FEED_PAST), now.plus(FEED_AHEAD));
        calendar(ctx, "On call: " + name, shifts, now);
    }

    private void personFeed(Context ctx, String name) {
        if (service.config().config().person(name).isEmpty()) {
            throw HttpProblem.notFound("no person " + name);
        }
        Instant now = service.clock().instant();
        List<Shift> shifts = new ArrayList<>();
        for (Schedule schedule : service.onCall().schedules()) {
            service.onCall().shifts(schedule, now.minus(FEED_PAST), now.plus(FEED_AHEAD)).stream()
                    .filter(shift -> shift.person().equals(name)).forEach(shifts::add);
        }
        shifts.sort(Comparator.comparing(Shift::start));
        calendar(ctx, "On call: " + name, shifts, now);
    }

    private void calendar(Context ctx, String title, List<Shift> shifts, Instant now) {
        String host = java.net.URI.create(service.config().config().server().externalUrl()).getHost();
        ctx.contentType("text/calendar; charset=utf-8").header("Cache-Control", "no-store")
                .result(ICalendar.feed(title, shifts, now, host == null ? "firebreak" : host));
    }

    /**
     * Adds an override from a JSON body: {@code schedule}, {@code kind} (add, replace or remove; by
     * default replace when {@code replaces} is given, else add), {@code person}, {@code replaces},
     * {@code starts_at}, {@code ends_at} (an instant, or a local time in the schedule's zone).
     * Refusals are {@link HttpProblem}s naming the field (400) or the conflicting override (409).
     */
    public static Override createOverride(OnCallService onCall, JsonNode body, String by, Instant now) {
        String scheduleName = HttpServer.text(body, "schedule", true);
        String person = HttpServer.text(body, "person", false);
        String replaces = HttpServer.text(body, "replaces", false);
        String kindText = HttpServer.text(body, "kind", false);
        Override.Kind kind = kindText.isBlank() ? (replaces.isBlank() ? Override.Kind.ADD : Override.Kind.REPLACE)
                : Override.Kind.parse(kindText).orElseThrow(() -> HttpProblem.badRequest("kind", "kind: use add, replace or remove"));
        java.time.ZoneId zone = onCall.schedule(scheduleName).map(Schedule::zone).orElse(java.time.ZoneOffset.UTC);
        Instant startsAt = time(body, "starts_at", zone);
        Instant endsAt = time(body, "ends_at", zone);
        var request = new OnCallService.OverrideRequest(scheduleName, kind, person, replaces, startsAt, endsAt, by);
        return switch (onCall.addOverride(request, now)) {
            case OnCallService.OverrideOutcome.Added added -> added.override();
            case OnCallService.OverrideOutcome.Invalid invalid -> throw HttpProblem.badRequest(invalid.field(), invalid.field() + ": " + invalid.message());
            case OnCallService.OverrideOutcome.Conflict conflict -> throw new HttpProblem(409, conflict.message(), "starts_at",
                    Map.of("conflicts_with", conflict.existing().id()));
        };
    }

    private static Instant time(JsonNode body, String field, java.time.ZoneId zone) {
        String text = HttpServer.text(body, field, true);
        return OnCallService.parseTime(text, zone).orElseThrow(() -> HttpProblem.badRequest(field,
                field + ": not a time: '" + text + "' (2026-11-04T09:00 in the schedule's zone, or 2026-11-04T08:00:00Z)"));
    }

    static Map<String, Object> person(PersonConfig person) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", person.name());
        out.put("email", person.email());
        out.put("slack", person.slack());
        out.put("phone", person.phone());
        out.put("timezone", person.timezone());
        return out;
    }

    static Map<String, Object> shift(Shift shift) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("person", shift.person());
        out.put("start", shift.start().toString());
        out.put("end", shift.end().toString());
        out.put("override", shift.covering());
        return out;
    }

    public static Map<String, Object> override(Override override) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", override.id());
        out.put("schedule", override.schedule());
        out.put("kind", override.kind().wireName());
        out.put("person", override.person());
        out.put("replaces", override.replaces());
        out.put("starts_at", override.startsAt().toString());
        out.put("ends_at", override.endsAt().toString());
        out.put("created_by", override.createdBy());
        out.put("created", override.created().toString());
        return out;
    }
}
