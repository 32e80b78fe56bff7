package io.firebreak.core.routing;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.notify.NotifyEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Which channels hear about an incident event. */
public final class Routing {
    private Routing() {}

    /**
     * The labels routes match on: the incident's own labels, then {@code severity} ({@code SEV1}..),
     * {@code service}, {@code status} and {@code alertname}/{@code source} over them.
     */
    public static Map<String, String> labels(Incident incident) {
        Map<String, String> labels = new TreeMap<>(incident.labels());
        labels.put("severity", incident.severity().sev());
        labels.put("service", incident.service());
        labels.put("status", incident.status().name());
        labels.put("source", incident.source());
        return labels;
    }

    /** Channels in route order, each once. */
    public static List<String> channels(List<Route> routes, Map<String, String> labels, NotifyEvent event) {
        Set<String> channels = new LinkedHashSet<>();
        for (Route route : routes) {
            if (!route.matches(labels)) {
                continue;
            }
            if (route.events().isEmpty() || route.events().contains(event)) {
                channels.addAll(route.channels());
            }
            if (!route.continueMatching()) {
                break;
            }
        }
        return List.copyOf(channels);
    }
}
