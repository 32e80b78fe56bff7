package io.firebreak.server.store;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.NewIncident;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * Reminders of overdue drills. The outbox carries incident events, so an overdue drill is a low-severity
 * incident of its own (one per drill while overdue) whose {@code communication} event reminds the owner
 * on the page channels. The key (drill, due date) of {@code drill_reminders}, written in the same
 * transaction, makes a second reminder for the same overdue period impossible, whichever instance leads.
 */
public final class DrillReminderStore {
    private final Database database;
    private final IncidentStore incidents;

    public DrillReminderStore(Database database, IncidentStore incidents) {
        this.database = database;
        this.incidents = incidents;
    }

    /** The incident group of a drill's reminders. */
    public static String groupKey(String drill) {
        return "firebreak:drill:" + drill;
    }

    /**
     * Reminds of {@code drill}, overdue since {@code dueAt} ({@link Instant#EPOCH}: never done), unless it was
     * already reminded for that due date: opens its incident when none is open and adds the reminder.
     *
     * @return the reminder event, or empty when this period was already reminded
     */
    public Optional<IncidentEvent> remind(String drill, Instant dueAt, NewIncident spec, String text, Optional<Contact> owner,
                                          List<String> channels, Instant now, Fence fence) {
        try {
            return database.jdbi().inTransaction(handle -> {
                fence.check(handle, "drill reminder " + drill);
                int inserted = handle.createUpdate("""
                                INSERT INTO drill_reminders (drill, due_at, sent_at) VALUES (:drill, :due, :now)
                                ON CONFLICT (drill, due_at) DO NOTHING""")
                        .bind("drill", drill).bind("due", dueAt.toEpochMilli()).bind("now", now.toEpochMilli()).execute();
                if (inserted == 0) {
                    return Optional.<IncidentEvent>empty();
                }
                Incident incident = IncidentStore.latestOfGroup(handle, groupKey(drill)).filter(i -> i.status().isOpen())
                        .orElseGet(() -> incidents.open(handle, spec, groupKey(drill), DetectionStore.ACTOR, now));
                Optional<IncidentStore.Update> update = incidents.tryUpdate(handle, incident.id(),
                        current -> IncidentLifecycle.communication(current, text, DetectionStore.ACTOR, now));
                if (update.isEmpty() || !(update.get() instanceof IncidentStore.Update.Updated updated)) {
                    handle.rollback();   // the next cycle tries again
                    return Optional.<IncidentEvent>empty();
                }
                IncidentEvent event = updated.events().getFirst();
                for (String channel : channels) {
                    incidents.outbox().enqueuePage(handle, updated.incident(), event, channel, owner);
                }
                return Optional.of(event);
            });
        } catch (JdbiException e) {
            throw new StoreException("remind of drill " + drill, e);
        }
    }
}
