package io.firebreak.server.channel.pagerduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.config.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PagerDuty Events API v2: {@code trigger} on open and re-open, {@code acknowledge} on
 * acknowledge, {@code resolve} on resolve, all with {@code dedup_key} = the incident id, so
 * PagerDuty's alert follows Firebreak's incident (Alertmanager never sends the acknowledge).
 */
public final class PagerDutyNotifier implements Notifier {
    public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Secret routingKey;
    private final URI url;
    private final HttpSender http;

    public PagerDutyNotifier(String name, Secret routingKey, Optional<String> url, HttpSender http) {
        this.name = name;
        this.routingKey = routingKey;
        this.url = URI.create(url.orElse(DEFAULT_URL));
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<NotifyEvent> events() {
        return EnumSet.of(NotifyEvent.OPENED, NotifyEvent.REOPENED, NotifyEvent.ACKNOWLEDGED, NotifyEvent.RESOLVED, NotifyEvent.PAGE);
    }

    static String severity(Incident incident) {
        return switch (incident.severity()) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }

    public static Map<String, Object> event(Notification notification, String routingKey) {
        Incident incident = notification.incident();
        String action = switch (notification.event()) {
            case OPENED, REOPENED, PAGE -> "trigger";
            case ACKNOWLEDGED -> "acknowledge";
            case RESOLVED -> "resolve";
            default -> throw new IllegalArgumentException("PagerDuty is never sent " + notification.event());
        };
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", action);
        event.put("dedup_key", incident.id());
        if (action.equals("trigger")) {
            String summary = "[" + incident.severity().sev() + "] " + incident.title()
                    + (incident.service().isEmpty() ? "" : " (" + incident.service() + ")")
                    + notification.recipient().map(person -> " - paging " + person.name()).orElse("");
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary);
            payload.put("source", incident.labels().getOrDefault("instance", incident.service().isEmpty() ? "firebreak" : incident.service()));
            payload.put("severity", severity(incident));
            payload.put("timestamp", incident.detected().toString());
            payload.put("component", incident.service());
            payload.put("group", incident.source());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("incident", incident.id());
            details.put("status", incident.status().name());
            details.put("labels", incident.sortedLabels());
            details.put("impact_started", incident.impactStarted().toString());
            payload.put("custom_details", details);
            event.put("payload", payload);
            event.put("client", "Firebreak");
            event.put("client_url", notification.incidentUrl());
            List<Map<String, String>> links = new ArrayList<>();
            links.add(Map.of("href", notification.incidentUrl(), "text", incident.id() + " in Firebreak"));
            if (incident.runbook().startsWith("http://") || incident.runbook().startsWith("https://")) {
                links.add(Map.of("href", incident.runbook(), "text", "Runbook"));
            }
            event.put("links", links);
        }
        return event;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        String body;
        try {
            body = JSON.writeValueAsString(event(notification, routingKey.value()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PagerDuty event is maps and strings", e);
        }
        HttpSender.Answer answer = http.post(url, Map.of("Content-Type", "application/json"), body);
        if (answer.result() instanceof DeliveryResult.Delivered) {
            try {
                JsonNode reply = JSON.readTree(answer.body());
                return new DeliveryResult.Delivered(Optional.ofNullable(reply.path("dedup_key").asText(null)));
            } catch (JsonProcessingException e) {
                return new DeliveryResult.Delivered(Optional.empty());
            }
        }
        return answer.result();
    }

    @Override
    public String toString() {
        return "PagerDutyNotifier[" + name + ", routing_key=" + Secret.MASK + "]";
    }

    @Override
    public void close() {
        http.close();
    }
}
