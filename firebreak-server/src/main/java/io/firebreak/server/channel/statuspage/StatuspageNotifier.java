package io.firebreak.server.channel.statuspage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.ServiceConfig;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Atlassian Statuspage: creates a page incident when an incident of a public service opens
 * (status investigating, its component's status from the severity), updates it when the status
 * moves (identified, monitoring), resolves it and puts the component back to operational. Only
 * services marked {@code public: true} appear; the page shows the service and the public summary,
 * never the internal title.
 *
 * <p>A create is not idempotent at Statuspage, and a create whose answer never came (a timeout, a
 * worker killed mid-send) may have succeeded. So each created page incident carries the
 * notification's key in its {@code metadata} (not shown on the page), and when an earlier attempt
 * of the same notification began, the unresolved page incidents are searched for that key before
 * creating again: a retry adopts what the earlier attempt created instead of publishing a duplicate.
 */
public final class StatuspageNotifier implements Notifier {
    public static final String DEFAULT_URL = "https://api.statuspage.io/v1";
    /** The metadata key under which a page incident records the Firebreak notification that created it. */
    static final String METADATA = "firebreak";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String pageId;
    private final Secret apiKey;
    private final String base;
    private final Map<String, ServiceConfig> publicServices = new LinkedHashMap<>();
    private final HttpSender http;

    public StatuspageNotifier(String name, String pageId, Secret apiKey, Optional<String> url, List<ServiceConfig> services, HttpSender http) {
        this.name = name;
        this.pageId = pageId;
        this.apiKey = apiKey;
        String root = url.orElse(DEFAULT_URL);
        this.base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        services.stream().filter(ServiceConfig::isPublic).forEach(service -> publicServices.put(service.name(), service));
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<NotifyEvent> events() {
        return EnumSet.of(NotifyEvent.OPENED, NotifyEvent.REOPENED, NotifyEvent.STATUS_CHANGED, NotifyEvent.PUBLIC_UPDATE,
                NotifyEvent.RESOLVED);
    }

    @Override
    public boolean updatesEarlierMessages() {
        return true;   // status changes and resolution PATCH the page incident its OPENED message created
    }

    @Override
    public boolean accepts(Incident incident) {
        return publicServices.containsKey(incident.service());
    }

    static String pageStatus(IncidentStatus status) {
        return switch (status) {
            case TRIGGERED, ACKNOWLEDGED, INVESTIGATING -> "investigating";
            case IDENTIFIED -> "identified";
            case MONITORING -> "monitoring";
            case RESOLVED, POSTMORTEM, CLOSED -> "resolved";
        };
    }

    static String componentStatus(Incident incident) {
        if (!incident.status().isOpen()) {
            return "operational";
        }
        return switch (incident.severity()) {
            case CRITICAL -> "major_outage";
            case HIGH -> "partial_outage";
            case MEDIUM, LOW -> "degraded_performance";
        };
    }

    static String body(Incident incident) {
        if (!incident.publicSummary().isEmpty()) {
            return incident.publicSummary();
        }
        return switch (pageStatus(incident.status())) {
            case "investigating" -> "We are investigating reports of problems with " + incident.service() + ". Next update within 30 minutes.";
            case "identified" -> "We have identified the cause of the problems with " + incident.service() + " and are working on a fix.";
            case "monitoring" -> "A fix has been applied to " + incident.service() + " and we are monitoring the results.";
            default -> incident.service() + " is working normally again. Thank you for your patience.";
        };
    }

    /** The request for one notification: method, path below the page, and the JSON body. */
    public record Call(String method, String path, Map<String, Object> body) {}

    public Optional<Call> call(Notification notification) {
        Incident incident = notification.incident();
        String component = publicServices.get(incident.service()).componentId();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", pageStatus(incident.status()));
        fields.put("body", body(incident));
        if (!component.isEmpty()) {
            fields.put("components", Map.of(component, componentStatus(incident)));
        }
        boolean create = notification.event() == NotifyEvent.OPENED
                || (notification.event() == NotifyEvent.REOPENED && notification.externalId().isEmpty());
        if (create) {
            fields.put("name", "Service disruption: " + incident.service());
            fields.put("metadata", Map.of(METADATA, Map.of("incident_id", incident.id(), "key", notification.key())));
            if (!component.isEmpty()) {
                fields.put("component_ids", List.of(component));
            }
            return Optional.of(new Call("POST", "/pages/" + pageId + "/incidents", Map.of("incident", fields)));
        }
        return notification.externalId()
                .map(id -> new Call("PATCH", "/pages/" + pageId + "/incidents/" + id, Map.of("incident", fields)));
    }

    @Override
    public DeliveryResult send(Notification notification) {
        Optional<Call> call = call(notification);
        if (call.isEmpty()) {
            return new DeliveryResult.Failed(false, 0, "no Statuspage incident to update: its creation was never delivered", Optional.empty());
        }
        String body;
        try {
            body = JSON.writeValueAsString(call.get().body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Statuspage body is maps and strings", e);
        }
        if (call.get().method().equals("POST") && notification.earlierAttempt()) {
            // An earlier attempt may have created it without our hearing back: adopt that one rather than publish a twin.
            HttpSender.Answer unresolved = http.get(URI.create(base + "/pages/" + pageId + "/incidents/unresolved"),
                    Map.of("Authorization", "OAuth " + apiKey.value()));
            if (!(unresolved.result() instanceof DeliveryResult.Delivered)) {
                return unresolved.result();   // cannot tell whether it exists: creating now could duplicate it
            }
            Earlier earlier = createdBy(unresolved.body(), notification.key());
            if (!earlier.understood()) {
                return new DeliveryResult.Failed(true, 0, "Statuspage listed its unresolved incidents in an unexpected form", Optional.empty());
            }
            if (earlier.id().isPresent()) {
                return new DeliveryResult.Delivered(earlier.id());
            }
        }
        HttpSender.Answer answer = http.send(call.get().method(), URI.create(base + call.get().path()),
                Map.of("Content-Type", "application/json", "Authorization", "OAuth " + apiKey.value()), body);
        if (answer.result() instanceof DeliveryResult.Delivered) {
            try {
                String id = JSON.readTree(answer.body()).path("id").asText("");
                return new DeliveryResult.Delivered(id.isEmpty() ? notification.externalId() : Optional.of(id));
            } catch (JsonProcessingException e) {
                return new DeliveryResult.Delivered(notification.externalId());
            }
        }
        return answer.result();
    }

    /**
     * What a list of page incidents says about an earlier create.
     *
     * @param understood the list was a JSON array of incidents
     * @param id         the page incident whose metadata names the notification, if one does
     */
    record Earlier(boolean understood, Optional<String> id) {}

    /** Looks for the page incident, among {@code incidentsJson}, whose metadata names notification {@code key}. */
    static Earlier createdBy(String incidentsJson, String key) {
        try {
            var incidents = JSON.readTree(incidentsJson);
            if (incidents == null || !incidents.isArray()) {
                return new Earlier(false, Optional.empty());
            }
            for (var incident : incidents) {
                if (key.equals(incident.path("metadata").path(METADATA).path("key").asText(null))
                        && !incident.path("id").asText("").isEmpty()) {
                    return new Earlier(true, Optional.of(incident.path("id").asText()));
                }
            }
            return new Earlier(true, Optional.empty());
        } catch (JsonProcessingException e) {
            return new Earlier(false, Optional.empty());
        }
    }

    @Override
    public String toString() {
        return "StatuspageNotifier[" + name + ", page=" + pageId + ", api_key=" + Secret.MASK + "]";
    }

    @Override
    public void close() {
        http.close();
    }
}
