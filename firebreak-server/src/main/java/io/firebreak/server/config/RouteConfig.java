package io.firebreak.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Which channels hear about which incidents. Matchers are Alertmanager-style over the incident's
 * severity ({@code SEV1}..), service, status and labels; {@code events} limits the events
 * (all by default); a route without matchers matches everything; {@code continue} goes on to
 * the next route after a match. {@code escalation_policy} pages people for the incidents the route
 * matches whose service names no policy (the first matching route that names one wins).
 */
public record RouteConfig(List<String> matchers, List<String> channels, List<String> events,
                          @JsonProperty("continue") Boolean continueMatching, String escalationPolicy) {
    public RouteConfig {
        escalationPolicy = escalationPolicy == null ? "" : escalationPolicy;
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        channels = channels == null ? List.of() : List.copyOf(channels);
        events = events == null ? List.of() : List.copyOf(events);
        continueMatching = continueMatching != null && continueMatching;
    }

    /** The events a route may ask for. */
    public static final List<String> EVENTS = List.of("opened", "reopened", "acknowledged", "status_changed",
            "escalated", "commander_assigned", "public_update", "resolved", "rto_warning", "rto_breached");
}
