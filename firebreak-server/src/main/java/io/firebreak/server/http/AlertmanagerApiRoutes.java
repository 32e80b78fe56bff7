package io.firebreak.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.core.alert.ExternalAlert;
import io.firebreak.core.mute.Silence;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.routing.Regex;
import io.firebreak.server.Service;
import io.firebreak.server.routing.Re2Matchers;
import io.firebreak.server.store.AlertStore;
import io.firebreak.server.store.SilenceStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The read side of Alertmanager's v2 API, and its silences, so that Alertmanager's own clients
 * ({@code amtool}, Grafana's Alertmanager data source, dashboards such as karma) work against
 * Firebreak unchanged. Alerts are the firing ones Firebreak stores from every source; silences are
 * Firebreak's own (the same store as {@code firebreak silence}). Where Alertmanager's clients read an
 * error body (400, 404, 500) it is a JSON string naming the field, as Alertmanager answers; other
 * failures keep Firebreak's JSON errors. {@code POST /api/v2/alerts} itself is {@link IngestHandler}.
 *
 * <p>The file is longer than most because Alertmanager's API is one contract: alerts, groups,
 * silences and status share the matcher, time and error conventions defined here.
 */
final class AlertmanagerApiRoutes implements HttpServer.Routes {
    /** The one receiver Firebreak reports: it routes incidents, not alerts, to its channels. */
    static final String RECEIVER = "firebreak";
    /** How long expired silences stay listed, as Alertmanager's default {@code --data.retention}. */
    static final Duration EXPIRED_SILENCE_RETENTION = Duration.ofHours(120);
    private static final int MAX_ALERTS = 10_000;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Go's zero time: how Alertmanager writes "no end" for an alert. */
    private static final String NO_TIME = "0001-01-01T00:00:00.000Z";

    private final Service service;
    private final Instant started;

    AlertmanagerApiRoutes(Service service) {
        this.service = service;
        this.started = service.clock().instant();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v2/status", amStyle(this::status));
        routes.get("/api/v2/receivers", amStyle(ctx -> ctx.json(List.of(Map.of("name", RECEIVER)))));
        routes.get("/api/v2/alerts", amStyle(this::alerts));
        routes.get("/api/v2/alerts/groups", amStyle(this::groups));
        routes.get("/api/v2/silences", amStyle(this::silences));
        routes.post("/api/v2/silences", amStyle(this::postSilence));
        routes.get("/api/v2/silence/{id}", amStyle(this::silence));
        routes.delete("/api/v2/silence/{id}", amStyle(this::expireSilence));
    }

    /** Answers 400, 404 and 500 as Alertmanager does (a JSON string), which its generated clients decode and print. */
    private static Handler amStyle(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (HttpProblem problem) {
                if (problem.status() != 400 && problem.status() != 404 && problem.status() != 500) {
                    throw problem;
                }
                String field = problem.field();
                String message = field == null || field.isEmpty() ? problem.getMessage() : field + ": " + problem.getMessage();
                // Javalin passes a String to json() through as if it were JSON already: encode it here.
                ctx.attribute(HttpServer.ANSWERED, Boolean.TRUE);
                ctx.status(problem.status()).contentType("application/json").result(HttpServer.JSON.writeValueAsString(message));
            }
        };
    }

    private void status(Context ctx) {
        String version = Optional.ofNullable(HttpServer.class.getPackage().getImplementationVersion()).orElse("dev");
        Map<String, Object> versionInfo = new LinkedHashMap<>();
        versionInfo.put("version", version);
        versionInfo.put("revision", "");
        versionInfo.put("branch", "");
        versionInfo.put("buildUser", "");
        versionInfo.put("buildDate", "");
        versionInfo.put("goVersion", "java " + Runtime.version());
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("name", "firebreak");
        cluster.put("status", "ready");
        cluster.put("peers", List.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster", cluster);
        body.put("versionInfo", versionInfo);
        body.put("config", Map.of("original", ""));
        body.put("uptime", time(started));
        ctx.json(body);
    }

    // ---- alerts

    /** Which alerts a GET asks for: Alertmanager's {@code filter}, state flags and receiver regex. */
    private record AlertQuery(List<Matcher> filter, boolean active, boolean silenced, boolean inhibited, boolean unprocessed,
                              Optional<Regex> receiver) {
        static AlertQuery of(Context ctx) {
            // Alertmanager anchors the receiver regex as ^(?:re)$; RE2/J's whole-input match is the same.
            Optional<Regex> receiver = Optional.ofNullable(ctx.queryParam("receiver")).filter(r -> !r.isEmpty()).map(r -> {
                try {
                    return Re2Matchers.compile(r);
                } catch (IllegalArgumentException e) {
                    throw HttpProblem.badRequest("receiver", "invalid regex: " + e.getMessage());
                }
            });
            return new AlertQuery(matchers(ctx.queryParams("filter"), "filter"), flag(ctx, "active"), flag(ctx, "silenced"),
                    flag(ctx, "inhibited"), flag(ctx, "unprocessed"), receiver);
        }

        boolean wants(Map<String, String> labels, List<String> silencedBy) {
            if (!filter.stream().allMatch(m -> m.matches(labels)) || receiver.isPresent() && !receiver.get().matches(RECEIVER)) {
                return false;
            }
            return silencedBy.isEmpty() ? active : silenced;
        }
    }

    private void alerts(Context ctx) {
        AlertQuery query = AlertQuery.of(ctx);
        ctx.json(matchingAlerts(query).stream().map(ShownAlert::json).toList());
    }

    private void groups(Context ctx) {
        AlertQuery query = AlertQuery.of(ctx);
        Map<String, List<ShownAlert>> byGroup = new TreeMap<>();
        for (ShownAlert alert : matchingAlerts(query)) {
            byGroup.computeIfAbsent(alert.stored().alert().groupKey(), k -> new ArrayList<>()).add(alert);
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (List<ShownAlert> members : byGroup.values()) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("labels", commonLabels(members));
            group.put("routeLabels", Map.of());
            group.put("receiver", Map.of("name", RECEIVER));
            group.put("alerts", members.stream().map(ShownAlert::json).toList());
            groups.add(group);
        }
        ctx.json(groups);
    }

    /** A firing alert with the silences that hold it now. */
    private record ShownAlert(AlertStore.StoredAlert stored, List<String> silencedBy) {
        Map<String, Object> json() {
            ExternalAlert alert = stored.alert();
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("state", silencedBy.isEmpty() ? "active" : "suppressed");
            status.put("silencedBy", silencedBy);
            status.put("inhibitedBy", List.of());
            status.put("mutedBy", List.of());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("labels", alert.labels());
            out.put("annotations", alert.annotations());
            out.put("startsAt", time(alert.startsAt()));
            out.put("endsAt", alert.endsAt() == null ? NO_TIME : time(alert.endsAt()));
            out.put("updatedAt", time(stored.updated()));
            out.put("generatorURL", alert.generatorUrl());
            out.put("fingerprint", stored.fingerprint());
            out.put("receivers", List.of(Map.of("name", RECEIVER)));
            out.put("status", status);
            return out;
        }
    }

    private List<ShownAlert> matchingAlerts(AlertQuery query) {
        Instant now = service.clock().instant();
        List<Silence> current = service.silences().list(now, false).stream().filter(s -> s.activeAt(now)).toList();
        List<ShownAlert> shown = new ArrayList<>();
        for (AlertStore.StoredAlert stored : service.alerts().list(Optional.empty(), true, MAX_ALERTS)) {
            ExternalAlert alert = stored.alert();
            if (alert.endsAt() != null && !alert.endsAt().isAfter(now)) {
                continue;   // ended, not yet swept by the engine: Alertmanager no longer lists it either
            }
            List<String> silencedBy = current.stream().filter(s -> s.matches(alert.labels())).map(Silence::id).sorted().toList();
            if (query.wants(alert.labels(), silencedBy)) {
                shown.add(new ShownAlert(stored, silencedBy));
            }
        }
        shown.sort(Comparator.comparing((ShownAlert a) -> a.stored().fingerprint()).thenComparing(a -> a.stored().alert().source()));
        return shown;
    }

    private static Map<String, String> commonLabels(List<ShownAlert> members) {
        Map<String, String> common = new TreeMap<>(members.get(0).stored().alert().labels());
        for (ShownAlert member : members) {
            common.entrySet().removeIf(e -> !e.getValue().equals(member.stored().alert().labels().get(e.getKey())));
        }
        return common;
    }

    // ---- silences

    private void silences(Context ctx) {
        List<Matcher> filter = matchers(ctx.queryParams("filter"), "filter");
        boolean active = flag(ctx, "active");
        boolean pending = flag(ctx, "pending");
        boolean expired = flag(ctx, "expired");
        Instant now = service.clock().instant();
        Instant keptSince = now.minus(EXPIRED_SILENCE_RETENTION);
        List<SilenceStore.Entry> shown = new ArrayList<>();
        for (SilenceStore.Entry entry : service.silences().entries(now, true)) {
            Silence silence = entry.silence();
            String state = state(silence, now);
            boolean wanted = switch (state) {
                case "active" -> active;
                case "pending" -> pending;
                default -> expired && silence.endsAt().isAfter(keptSince);
            };
            // As Alertmanager: the filter matches the labels the silence's matchers name.
            Map<String, String> named = new HashMap<>();
            silence.matchers().forEach(m -> named.put(m.name(), m.value()));
            if (wanted && filter.stream().allMatch(m -> m.matches(named))) {
                shown.add(entry);
            }
        }
        shown.sort(Comparator.comparingInt((SilenceStore.Entry e) -> order(state(e.silence(), now)))
                .thenComparing(e -> switch (state(e.silence(), now)) {
                    case "active" -> e.silence().endsAt().toEpochMilli();
                    case "pending" -> e.silence().startsAt().toEpochMilli();
                    default -> -e.silence().endsAt().toEpochMilli();
                }));
        ctx.json(shown.stream().map(e -> silenceJson(e, now)).toList());
    }

    private void silence(Context ctx) {
        SilenceStore.Entry entry = service.silences().find(ctx.pathParam("id"))
                .orElseThrow(() -> HttpProblem.notFound("silence not found"));
        ctx.json(silenceJson(entry, service.clock().instant()));
    }

    private void expireSilence(Context ctx) {
        String id = ctx.pathParam("id");
        Instant now = service.clock().instant();
        if (service.silences().find(id).isEmpty()) {
            throw HttpProblem.notFound("silence " + id + " not found");
        }
        service.silences().expire(id, now);   // an already expired silence stays as it is: still 200
        ctx.status(200);
        service.deliverSoon();
    }

    private void postSilence(Context ctx) {
        JsonNode body = HttpServer.body(ctx);
        if (!body.isObject()) {
            throw HttpProblem.badRequest("", "expected a silence object {matchers, startsAt, endsAt, createdBy, comment}");
        }
        Instant now = service.clock().instant();
        List<Matcher> matchers = silenceMatchers(body.get("matchers"));
        Instant startsAt = requiredTime(body, "startsAt");
        Instant endsAt = requiredTime(body, "endsAt");
        String author = HttpServer.text(body, "createdBy", false);
        String createdBy = author.isBlank() ? HttpServer.principal(ctx).name() : author;
        String comment = HttpServer.text(body, "comment", true);
        if (!endsAt.isAfter(startsAt)) {
            throw HttpProblem.badRequest("endsAt", "start time must be before end time");
        }
        if (endsAt.isBefore(now)) {
            throw HttpProblem.badRequest("endsAt", "end time can't be in the past");
        }
        String id = HttpServer.text(body, "id", false);
        SilenceStore store = service.silences();
        if (!id.isEmpty()) {
            SilenceStore.Entry old = store.find(id).orElseThrow(() -> HttpProblem.notFound("silence " + id + " not found"));
            Silence wanted = new Silence(id, matchers, startsAt, endsAt, createdBy, comment);
            if (updatableInPlace(old.silence(), wanted, now)) {
                store.update(wanted, now);
                ctx.json(Map.of("silenceID", id));
                service.deliverSoon();
                return;
            }
            store.expire(id, now);
        }
        // As Alertmanager: a silence cannot start in the past; it starts now.
        Instant start = startsAt.isBefore(now) ? now : startsAt;
        Silence created = store.add(matchers, start, endsAt, createdBy, comment, now);
        ctx.json(Map.of("silenceID", created.id()));
        service.deliverSoon();
    }

    /**
     * Alertmanager's rule: the same matchers and, while active, the same start and an end not in the
     * past, or while pending, a start not in the past. Anything else expires the old silence and
     * creates a new one, so what a silence held stays in its history.
     */
    static boolean updatableInPlace(Silence old, Silence wanted, Instant now) {
        if (!old.matchers().equals(wanted.matchers())) {
            return false;
        }
        return switch (state(old, now)) {
            case "active" -> old.startsAt().getEpochSecond() == wanted.startsAt().getEpochSecond() && !wanted.endsAt().isBefore(now);
            case "pending" -> !wanted.startsAt().isBefore(now);
            default -> false;
        };
    }

    private static List<Matcher> silenceMatchers(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw HttpProblem.badRequest("matchers", "at least one matcher required, such as {\"name\": \"alertname\", \"value\": \"X\", \"isRegex\": false}");
        }
        List<Matcher> matchers = new ArrayList<>();
        boolean allMatchEmpty = true;
        for (int i = 0; i < list.size(); i++) {
            String path = "matchers[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                throw HttpProblem.badRequest(path, "expected {name, value, isRegex, isEqual}");
            }
            String name = HttpServer.text(node, "name", false);
            if (!LABEL_NAME.matcher(name).matches()) {
                throw HttpProblem.badRequest(path + ".name", "invalid label name '" + name + "'");
            }
            JsonNode value = node.get("value");
            if (value == null || !value.isTextual()) {
                throw HttpProblem.badRequest(path + ".value", "missing: a string");
            }
            boolean regex = bool(node, "isRegex", false, path);
            boolean equal = bool(node, "isEqual", true, path);
            Matcher.Op op = regex ? (equal ? Matcher.Op.REGEX : Matcher.Op.NOT_REGEX) : (equal ? Matcher.Op.EQUAL : Matcher.Op.NOT_EQUAL);
            Matcher matcher = switch (Re2Matchers.of(name, op, value.asText())) {
                case Matcher.Parsed.Ok ok -> ok.matcher();
                case Matcher.Parsed.Invalid invalid -> throw HttpProblem.badRequest(path + ".value", invalid.reason());
            };
            allMatchEmpty &= matcher.matches(Map.of());
            matchers.add(matcher);
        }
        if (allMatchEmpty) {
            throw HttpProblem.badRequest("matchers", "at least one matcher must not match the empty string (it would silence every alert)");
        }
        return matchers;
    }

    private static boolean bool(JsonNode node, String field, boolean fallback, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw HttpProblem.badRequest(path + "." + field, "must be true or false");
        }
        return value.asBoolean();
    }

    private static Instant requiredTime(JsonNode body, String field) {
        String text = HttpServer.text(body, field, true);
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            if (instant.getEpochSecond() <= 0) {
                throw HttpProblem.badRequest(field, "invalid zero timestamp");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(field, "not an RFC 3339 time: '" + text + "'");
        }
    }

    private static Map<String, Object> silenceJson(SilenceStore.Entry entry, Instant now) {
        Silence silence = entry.silence();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", silence.id());
        out.put("status", Map.of("state", state(silence, now)));
        out.put("updatedAt", time(entry.updated()));
        out.put("matchers", silence.matchers().stream().map(m -> {
            Map<String, Object> matcher = new LinkedHashMap<>();
            matcher.put("name", m.name());
            matcher.put("value", m.value());
            matcher.put("isRegex", m.op() == Matcher.Op.REGEX || m.op() == Matcher.Op.NOT_REGEX);
            matcher.put("isEqual", m.op() == Matcher.Op.EQUAL || m.op() == Matcher.Op.REGEX);
            return matcher;
        }).toList());
        out.put("startsAt", time(silence.startsAt()));
        out.put("endsAt", time(silence.endsAt()));
        out.put("createdBy", silence.author());
        out.put("comment", silence.comment());
        out.put("annotations", Map.of());
        return out;
    }

    static String state(Silence silence, Instant now) {
        if (now.isBefore(silence.startsAt())) {
            return "pending";
        }
        return now.isBefore(silence.endsAt()) ? "active" : "expired";
    }

    private static int order(String state) {
        return switch (state) {
            case "active" -> 0;
            case "pending" -> 1;
            default -> 2;
        };
    }

    // ---- shared conventions

    /** Alertmanager's {@code filter} parameters: {@code name="value"}, {@code name=~"re"}, ..., optionally in braces. */
    private static List<Matcher> matchers(List<String> texts, String field) {
        List<Matcher> matchers = new ArrayList<>();
        for (String text : texts) {
            String trimmed = text.strip();
            if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            switch (Re2Matchers.parse(trimmed)) {
                case Matcher.Parsed.Ok ok -> matchers.add(ok.matcher());
                case Matcher.Parsed.Invalid invalid -> throw HttpProblem.badRequest(field, invalid.reason());
            }
        }
        return matchers;
    }

    /** A boolean query parameter, true when absent (Alertmanager's default for every state flag). */
    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return true;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw HttpProblem.badRequest(name, "must be true or false, was '" + value + "'");
        };
    }

    private static String time(Instant instant) {
        return GO_TIME.format(instant);
    }
}
