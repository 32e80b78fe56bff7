package io.firebreak.server.store;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.JdbiException;

/**
 * Writes the communication module's reminders and milestones: a {@code communication} event on the incident's timeline (so the reminder
 * is part of the record and is not sent twice) and, in the same transaction, a message to the
 * reminded person on every channel that sends pages.
 */
public final class CommunicationStore {
    private final Database database;
    private final IncidentStore incidents;

    public CommunicationStore(Database database, IncidentStore incidents) {
        this.database = database;
        this.incidents = incidents;
    }

    /**
     * Adds the reminder unless {@code stillDue} says otherwise when read inside the transaction.
     *
     * @return whether a reminder was written
     */
    public boolean remind(String incidentId, Fence fence, Predicate<Incident> stillDue, String text, String actor,
                          Optional<Contact> recipient, List<String> channels, Instant now) {
        try {
            return database.jdbi().inTransaction(handle -> {
                fence.check(handle, "reminder for " + incidentId);
                Optional<IncidentStore.Update> update = incidents.tryUpdate(handle, incidentId, incident -> stillDue.test(incident)
                        ? IncidentLifecycle.communication(incident, text, actor, now) : new Change.Rejected("no longer due"));
                if (update.isEmpty() || !(update.get() instanceof IncidentStore.Update.Updated updated)) {
                    return false;
                }
                IncidentEvent event = updated.events().get(0);
                for (String channel : channels) {
                    incidents.outbox().enqueuePage(handle, updated.incident(), event, channel, recipient);
                }
                return true;
            });
        } catch (JdbiException e) {
            throw new StoreException("write reminder for " + incidentId, e);
        }
    }

    /**
     * Records a stakeholder message on the timeline and queues it to the stakeholder's channels, in
     * one transaction, unless {@code stillDue} says otherwise when read inside it.
     *
     * @return whether it was written
     */
    public boolean sendToStakeholder(String incidentId, Fence fence, Predicate<Incident> stillDue, String text, String actor,
                                     List<String> channels, Instant now) {
        try {
            return database.jdbi().inTransaction(handle -> {
                fence.check(handle, "stakeholder update for " + incidentId);
                Optional<IncidentStore.Update> update = incidents.tryUpdate(handle, incidentId, incident -> stillDue.test(incident)
                        ? IncidentLifecycle.communication(incident, text, actor, now) : new Change.Rejected("no longer due"));
                if (update.isEmpty() || !(update.get() instanceof IncidentStore.Update.Updated updated)) {
                    return false;
                }
                IncidentEvent event = updated.events().get(0);
                for (String channel : channels) {
                    incidents.outbox().enqueueStakeholder(handle, updated.incident(), event, channel);
                }
                return true;
            });
        } catch (JdbiException e) {
            throw new StoreException("write stakeholder update for " + incidentId, e);
        }
    }
}
