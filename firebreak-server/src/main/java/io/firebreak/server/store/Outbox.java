package io.firebreak.server.store;

import io.firebreak.core.escalation.Contact;
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

    /**
     * Queues a page straight to {@code channel} (a policy's page channel, or a {@code channel:}
     * target), bypassing the routes: the policy chose the channel. Nothing is queued for a channel
     * that does not send pages.
     *
     * @return whether a row was queued
     */
    boolean enqueuePage(Handle handle, Incident incident, IncidentEvent event, String channel, Optional<Contact> recipient) {
        if (!channelEvents.getOrDefault(channel, Set.of()).contains(NotifyEvent.PAGE)) {
            return false;
        }
        return handle.createUpdate("""
                        INSERT INTO outbox (id, incident_id, event_seq, channel, event, state, created, due, attempts,
                            last_status, last_reason, recipient)
                        VALUES (:id, :incident, :seq, :channel, :event, 'pending', :at, :at, 0, 0, '', :recipient)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", key(incident.id(), event.sequence(), channel))
                .bind("incident", incident.id())
                .bind("seq", event.sequence())
                .bind("channel", channel)
                .bind("event", NotifyEvent.PAGE.wireName())
                .bind("at", event.at().toEpochMilli())
                .bind("recipient", recipient.map(Outbox::json).orElse(null))
                .execute() > 0;
    }

    /**
     * Queues a stakeholder message straight to {@code channel}, bypassing the routes: the stakeholder
     * matrix chose the channel. Nothing is queued for a channel that does not send stakeholder updates.
     *
     * @return whether a row was queued
     */
    boolean enqueueStakeholder(Handle handle, Incident incident, IncidentEvent event, String channel) {
        if (!channelEvents.getOrDefault(channel, Set.of()).contains(NotifyEvent.STAKEHOLDER_UPDATE)) {
            return false;
        }
        return handle.createUpdate("""
                        INSERT INTO outbox (id, incident_id, event_seq, channel, event, state, created, due, attempts,
                            last_status, last_reason)
                        VALUES (:id, :incident, :seq, :channel, :event, 'pending', :at, :at, 0, 0, '')
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", key(incident.id(), event.sequence(), channel))
                .bind("incident", incident.id())
                .bind("seq", event.sequence())
                .bind("channel", channel)
                .bind("event", NotifyEvent.STAKEHOLDER_UPDATE.wireName())
                .bind("at", event.at().toEpochMilli())
                .execute() > 0;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String json(Contact contact) {
        return JSON.createObjectNode().put("name", contact.name()).put("email", contact.email()).put("slack", contact.slack()).toString();
    }

    /** The person of a page row, from its {@code recipient} column. */
    static Optional<Contact> recipient(String json) {
        if (json == null || json.isEmpty()) {
            return Optional.empty();
        }
        try {
            var node = JSON.readTree(json);
            return Optional.of(new Contact(node.path("name").asText(), node.path("email").asText(), node.path("slack").asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("outbox recipient is written by Outbox and always parses: " + json, e);
        }
    }

    void enqueue(Handle handle, Incident incident, List<IncidentEvent> events) {
        for (Queued row : queued(incident, events)) {
            handle.createUpdate("""
                            INSERT INTO outbox (id, incident_id, event_seq, channel, event, state, created, due, attempts,
                                last_status, last_reason)
                            VALUES (:id, :incident, :seq, :channel, :event, 'pending', :at, :at, 0, 0, '')
                            ON CONFLICT (id) DO NOTHING""")
                    .bind("id", key(row.incidentId(), row.seq(), row.channel()))
                    .bind("incident", row.incidentId())
                    .bind("seq", row.seq())
                    .bind("channel", row.channel())
                    .bind("event", row.event())
                    .bind("at", row.at())
                    .execute();
        }
    }

    /** One incident change of a batch: the incident as that change left it, and the events it appended. */
    record Appended(Incident incident, List<IncidentEvent> events) {}

    /** {@link #enqueue} for many changes at once (a detection cycle's), in a few statements. */
    void enqueueAll(Handle handle, Database.Dialect dialect, List<Appended> changes) {
        RowBatch rows = new RowBatch(dialect, "outbox", List.of(RowBatch.text("id"), RowBatch.text("incident_id"),
                RowBatch.integer("event_seq"), RowBatch.text("channel"), RowBatch.text("event"), RowBatch.text("state"),
                RowBatch.bigint("created"), RowBatch.bigint("due"), RowBatch.integer("attempts"), RowBatch.integer("last_status"),
                RowBatch.text("last_reason")));
        for (Appended change : changes) {
            for (Queued row : queued(change.incident(), change.events())) {
                rows.add(key(row.incidentId(), row.seq(), row.channel()), row.incidentId(), row.seq(), row.channel(), row.event(),
                        "pending", row.at(), row.at(), 0, 0, "");
            }
        }
        rows.insert(handle, "ON CONFLICT (id) DO NOTHING");
    }

    private record Queued(String incidentId, int seq, String channel, String event, long at) {}

    /** The rows the events of one change queue: one per routed channel that sends the event's kind and wants the incident. */
    private List<Queued> queued(Incident incident, List<IncidentEvent> events) {
        if (routes.isEmpty()) {
            return List.of();
        }
        List<Queued> rows = new java.util.ArrayList<>();
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
                rows.add(new Queued(incident.id(), event.sequence(), channel, kind.get().wireName(), event.at().toEpochMilli()));
            }
        }
        return rows;
    }
}
