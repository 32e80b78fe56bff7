package io.firebreak.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.core.alert.ExternalAlert;
import io.firebreak.server.config.IngestionConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the three alert payloads Firebreak accepts into {@link ExternalAlert}s, keeping the valid
 * alerts of a batch and naming each invalid one by its field path.
 */
public final class AlertPayloads {
    private static final int MAX_ALERTS = 10_000;

    private final IngestionConfig config;
    private final java.util.Map<String, io.firebreak.core.incident.Severity> severities;

    /** @param severities the {@code severity} label values understood (built-in mapping plus detection.severity_map) */
    public AlertPayloads(IngestionConfig config, java.util.Map<String, io.firebreak.core.incident.Severity> severities) {
        this.config = config;
        this.severities = java.util.Map.copyOf(severities);
    }

    /** One rejected alert (or the whole body): the field path and what is wrong with it. */
    public record Invalid(String field, String error) {}

    /** What a body held: the alerts to store and the ones refused. */
    public record Parsed(List<ExternalAlert> alerts, List<Invalid> invalid) {
        public Parsed {
            alerts = List.copyOf(alerts);
            invalid = List.copyOf(invalid);
        }

        static Parsed refused(String field, String error) {
            return new Parsed(List.of(), List.of(new Invalid(field, error)));
        }
    }

    /** Alertmanager's webhook, payload version 4. */
    public Parsed alertmanagerWebhook(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            return Parsed.refused("", "expected Alertmanager's webhook JSON object (payload version 4)");
        }
        JsonNode version = body.get("version");
        if (version != null && !version.isNull() && !"4".equals(version.asText())) {
            return Parsed.refused("version", "unsupported payload version '" + version.asText() + "' (expected 4)");
        }
        JsonNode groupKeyNode = body.get("groupKey");
        if (groupKeyNode != null && !groupKeyNode.isNull() && !groupKeyNode.isTextual()) {
            return Parsed.refused("groupKey", "must be a string");
        }
        String groupKey = groupKeyNode == null || groupKeyNode.isNull() ? "" : groupKeyNode.asText();
        JsonNode alerts = body.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            return Parsed.refused("alerts", "missing: the array of alerts");
        }
        if (alerts.size() > MAX_ALERTS) {
            return Parsed.refused("alerts", "at most " + MAX_ALERTS + " alerts in one request, got " + alerts.size());
        }
        String payloadKey = "am:" + groupKey;
        return each(alerts, i -> "alerts[" + i + "]", (alert, path) -> {
            Common common = common(alert, path);
            String status = text(alert.get("status"), path, ".status").orElse("firing");
            if (!status.equals("firing") && !status.equals("resolved")) {
                throw new Refusal(path + ".status", "must be firing or resolved, was '" + status + "'");
            }
            String key = config.groupBy().isEmpty() && !groupKey.isEmpty()
                    ? payloadKey : "am:" + byLabels(common.labels(), groupBy(DEFAULT_WEBHOOK_GROUP_BY));
            boolean firing = status.equals("firing");
            return new ExternalAlert("alertmanager", common.labels(), common.annotations(), firing, common.startsAt().orElse(now),
                    firing ? null : common.endsAt().orElse(now), common.generator(), key);
        });
    }

    /** What Alertmanager's two alert shapes share. */
    private record Common(Map<String, String> labels, Map<String, String> annotations, Optional<Instant> startsAt,
                          Optional<Instant> endsAt, String generator) {}

    private static Common common(JsonNode alert, String path) throws Refusal {
        return new Common(stringMap(alert.get("labels"), path, ".labels", true), stringMap(alert.get("annotations"), path, ".annotations", false),
                time(alert.get("startsAt"), path, ".startsAt"), time(alert.get("endsAt"), path, ".endsAt"),
                text(alert.get("generatorURL"), path, ".generatorURL").orElse(""));
    }

    /** Reads one alert object; a {@link Refusal} rejects that alert only. */
    @FunctionalInterface
    private interface Item {
        ExternalAlert read(JsonNode alert, String path) throws Refusal;
    }

    /** Every element of {@code array} through {@code item}: the valid alerts, and each invalid one by its path. */
    private static Parsed each(JsonNode array, java.util.function.IntFunction<String> pathOf, Item item) {
        List<ExternalAlert> valid = new ArrayList<>();
        List<Invalid> invalid = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = pathOf.apply(i);
            JsonNode alert = array.get(i);
            if (!alert.isObject()) {
                invalid.add(new Invalid(path, "expected an alert object"));
                continue;
            }
            try {
                valid.add(item.read(alert, path));
            } catch (Refusal refusal) {
                invalid.add(refusal.invalid());
            }
        }
        return new Parsed(valid, invalid);
    }

    private static final List<String> DEFAULT_WEBHOOK_GROUP_BY = List.of("alertname");

    /** Alertmanager's v2 push API ({@code POST /api/v2/alerts}): what Prometheus sends to its alertmanagers. */
    public Parsed push(JsonNode body, Instant now) {
        if (body == null || !body.isArray()) {
            return Parsed.refused("", "expected a JSON array of alerts ({labels, annotations, startsAt, endsAt, generatorURL})");
        }
        if (body.size() > MAX_ALERTS) {
            return Parsed.refused("", "at most " + MAX_ALERTS + " alerts in one request, got " + body.size());
        }
        return each(body, i -> "[" + i + "]", (alert, path) -> {
            Common common = common(alert, path);
            Optional<Instant> endsAt = common.endsAt();
            Instant start = common.startsAt().orElse(endsAt.filter(end -> end.isBefore(now)).orElse(now));
            if (endsAt.isPresent() && endsAt.get().isBefore(start)) {
                throw new Refusal(path + ".endsAt", "is before startsAt");
            }
            // As in Alertmanager: no endsAt means "firing until not refreshed for resolve_timeout".
            Instant end = endsAt.orElse(now.plus(config.resolveTimeout()));
            String key = "push:" + byLabels(common.labels(), groupBy(IngestionConfig.DEFAULT_PUSH_GROUP_BY));
            return new ExternalAlert("push", common.labels(), common.annotations(), end.isAfter(now), start, end, common.generator(), key);
        });
    }

    /** The generic JSON alert: {summary, severity, service, dedup_key, status, labels, annotations, runbook}, or an array of them. */
    public Parsed generic(JsonNode body, Instant now) {
        if (body == null || !(body.isObject() || body.isArray())) {
            return Parsed.refused("", "expected a JSON alert object {summary, severity, service, dedup_key, status, labels, annotations, runbook}");
        }
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            if (body.size() > MAX_ALERTS) {
                return Parsed.refused("", "at most " + MAX_ALERTS + " alerts in one request, got " + body.size());
            }
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        List<ExternalAlert> valid = new ArrayList<>();
        List<Invalid> invalid = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = body.isArray() ? "[" + i + "]." : "";
            JsonNode alert = items.get(i);
            if (!alert.isObject()) {
                invalid.add(new Invalid(body.isArray() ? "[" + i + "]" : "", "expected an alert object"));
                continue;
            }
            try {
                String status = text(alert.get("status"), path, "status").orElse("firing");
                if (!status.equals("firing") && !status.equals("resolved")) {
                    throw new Refusal(path + "status", "must be firing or resolved, was '" + status + "'");
                }
                boolean firing = status.equals("firing");
                Optional<String> summary = text(alert.get("summary"), path, "summary").filter(s -> !s.isBlank());
                Optional<String> service = text(alert.get("service"), path, "service").filter(s -> !s.isBlank());
                Optional<String> dedupKey = text(alert.get("dedup_key"), path, "dedup_key").filter(s -> !s.isBlank());
                if (summary.isEmpty() && (firing || dedupKey.isEmpty())) {
                    throw new Refusal(path + "summary", "missing: a one-line summary of what is wrong");
                }
                Optional<String> severity = text(alert.get("severity"), path, "severity").filter(s -> !s.isBlank());
                if (severity.isPresent() && io.firebreak.core.incident.Severity.parse(severity.get()).isEmpty()
                        && !severities.containsKey(severity.get().strip().toLowerCase(java.util.Locale.ROOT))) {
                    throw new Refusal(path + "severity", "unknown severity '" + severity.get() + "' (use "
                            + io.firebreak.core.incident.Severity.accepted() + ")");
                }
                Map<String, String> labels = new TreeMap<>(stringMap(alert.get("labels"), path, "labels", false));
                Map<String, String> annotations = new TreeMap<>(stringMap(alert.get("annotations"), path, "annotations", false));
                Optional<String> runbook = text(alert.get("runbook"), path, "runbook").filter(s -> !s.isBlank());
                service.ifPresent(s -> labels.put("service", s));
                severity.ifPresent(s -> labels.put("severity", s));
                summary.ifPresent(s -> annotations.put("summary", s));
                runbook.ifPresent(r -> annotations.put("runbook", r));
                labels.putIfAbsent("alertname", "generic");
                String key = dedupKey.orElseGet(() -> summary.get() + "|" + service.orElse(""));
                if (key.length() > 255) {
                    throw new Refusal(path + "dedup_key", "at most 255 characters");
                }
                valid.add(new ExternalAlert("api", labels, annotations, firing, now, firing ? null : now, "", "api:" + key, key));
            } catch (Refusal refusal) {
                invalid.add(refusal.invalid());
            }
        }
        return new Parsed(valid, invalid);
    }

    private List<String> groupBy(List<String> fallback) {
        return config.groupBy().isEmpty() ? fallback : config.groupBy();
    }

    private static String byLabels(Map<String, String> labels, List<String> names) {
        StringBuilder key = new StringBuilder();
        for (String name : names) {
            if (!key.isEmpty()) {
                key.append(';');
            }
            key.append(name).append('=').append(labels.getOrDefault(name, ""));
        }
        return key.toString();
    }

    private static final class Refusal extends Exception {
        private final String field;

        Refusal(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        Invalid invalid() {
            return new Invalid(field, getMessage());
        }
    }

    /** {@code path + name} names the map in a refusal: put together only for one, not for every alert. */
    private static Map<String, String> stringMap(JsonNode node, String path, String name, boolean required) throws Refusal {
        if (node == null || node.isNull()) {
            if (required) {
                throw new Refusal(path + name, "missing: an alert needs at least one label");
            }
            return Map.of();
        }
        if (!node.isObject()) {
            throw new Refusal(path + name, "must be an object of string values");
        }
        Map<String, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!labelName(field.getKey())) {
                throw new Refusal(path + name, "invalid name '" + abbreviate(field.getKey()) + "' (letters, digits and _, not starting with a digit)");
            }
            if (!field.getValue().isTextual()) {
                throw new Refusal(path + name + "." + field.getKey(), "must be a string");
            }
            if (!field.getValue().asText().isEmpty()) {   // as in Prometheus, an empty value is no label
                out.put(field.getKey(), field.getValue().asText());
            }
        }
        if (required && out.isEmpty()) {
            throw new Refusal(path + name, "missing: an alert needs at least one label");
        }
        return out;
    }

    /** Prometheus's label name rule, [a-zA-Z_][a-zA-Z0-9_]*, without a regex (it runs for every label of every alert). */
    static boolean labelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** {@code path + field} names the field in a refusal: put together only for one, not for every alert. */
    private static Optional<String> text(JsonNode node, String path, String field) throws Refusal {
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw new Refusal(path + field, "must be a string");
        }
        return text(node);
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    /** An RFC 3339 time; Go's zero time (0001-01-01T00:00:00Z), as Alertmanager writes "not set", is no time. */
    private static Optional<Instant> time(JsonNode node, String path, String field) throws Refusal {
        Optional<String> text = text(node, path, field);
        if (text.isEmpty() || text.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant instant = Rfc3339.parse(text.get());
            return instant.getEpochSecond() <= 0 ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            throw new Refusal(path + field, "not an RFC 3339 time: '" + abbreviate(text.get()) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
