package io.firebreak.server.store;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.core.routing.Route;
import io.firebreak.core.routing.Routing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Queues notifications in the transaction of the incident change that causes them: one row per
 * routed channel that sends that kind of event. The row id, incident:event:channel, is the
 * idempotency key the receiver sees on every retry.
 */
public final class Outbox {
    private final List<Route> routes;
    private final Map<String, Set<NotifyEvent>> channelEvents;
    private final Map<String, java.util.function.Predicate<Incident>> accepts;

    /**
     * @param channelEvents for each configured channel, the events its kind sends
     */
    public Outbox(List<Route> routes, Map<String, Set<NotifyEvent>> channelEvents) {
        this(routes, channelEvents, Map.of());
    }

    /** @param accepts per channel, which incidents it wants at all; a channel without one wants all */
    public Outbox(List<Route> routes, Map<String, Set<NotifyEvent>> channelEvents, Map<String, java.util.function.Predicate<Incident>> accepts) {
        this.routes = List.copyOf(routes);
        this.channelEvents = Map.copyOf(channelEvents);
        this.accepts = Map.copyOf(accepts);
    }

    /** Queues nothing. */
    public static Outbox none() {
        return new Outbox(List.of(), Map.of());
    }

    public static String key(String incidentId, int eventSeq, String channel) {
        return incidentId + ":" + eventSeq + ":" + channel;
    }

    void enqueue(Handle handle, Incident incident, List<IncidentEvent> events) {
        if (routes.isEmpty()) {
            return;
        }
        Map<String, String> labels = Routing.labels(incident);
        for (IncidentEvent event : events) {
            Optional<NotifyEvent> kind = NotifyEvent.of(event.type());
            if (kind.isEmpty()) {
                continue;
            }
            for (String channel : Routing.channels(routes, labels, kind.get())) {
                if (!channelEvents.getOrDefault(channel, Set.of()).contains(kind.get())
                        || !accepts.getOrDefault(channel, i -> true).test(incident)) {
                    continue;
                }
                handle.createUpdate("""
                                INSERT INTO outbox (id, incident_id, event_seq, channel, event, state, created, due, attempts,
                                    last_status, last_reason)
                                VALUES (:id, :incident, :seq, :channel, :event, 'pending', :at, :at, 0, 0, '')
                                ON CONFLICT (id) DO NOTHING""")
                        .bind("id", key(incident.id(), event.sequence(), channel))
                        .bind("incident", incident.id())
                        .bind("seq", event.sequence())
                        .bind("channel", channel)
                        .bind("event", kind.get().wireName())
                        .bind("at", event.at().toEpochMilli())
                        .execute();
            }
        }
    }
}
