package io.firebreak.server.recovery;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.escalation.OnCallLookup;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.time.Durations;
import io.firebreak.server.engine.EscalationPolicies;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.DrillReminderStore;
import io.firebreak.server.store.LeaseLostException;
import io.firebreak.server.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminds each overdue drill's owner, once per overdue period, on the leader of the {@value #MODULE} lease:
 * every {@link #INTERVAL} it reads the drill calendar; an overdue drill gets a reminder (its incident and a
 * message to the owner through the page channels), and a drill done again resolves its incident. Which
 * periods were reminded lives in the store, so neither a later loop nor a new leader reminds twice.
 */
public final class DrillReminderModule {
    public static final String MODULE = "drill-reminders";
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(DrillReminderModule.class);

    private final Drills drills;
    private final DrillReminderStore reminders;
    private final DetectionStore incidents;
    private final EscalationPolicies policies;
    private final OnCallLookup people;
    private final Leadership leadership;
    private Instant lastRun = Instant.MIN;

    public DrillReminderModule(Drills drills, DrillReminderStore reminders, DetectionStore incidents, EscalationPolicies policies,
                               OnCallLookup people, Leadership leadership) {
        this.drills = drills;
        this.reminders = reminders;
        this.incidents = incidents;
        this.policies = policies;
        this.people = people;
        this.leadership = leadership;
    }

    /** Runs when {@link #INTERVAL} has passed (or the clock went back); returns the reminders written. */
    public synchronized int runDue(Instant now) {
        if (drills.isEmpty()) {
            return 0;
        }
        if (!lastRun.equals(Instant.MIN) && now.isBefore(lastRun.plus(INTERVAL)) && !now.isBefore(lastRun)) {
            return 0;
        }
        OptionalLong term;
        try {
            term = leadership.lead(now);
        } catch (StoreException e) {
            LOG.warn("drill reminders skipped: {}", e.getMessage());
            return 0;
        }
        if (term.isEmpty()) {
            return 0;
        }
        lastRun = now;
        int written = 0;
        try {
            List<Drills.Entry> calendar = drills.calendar(now);
            for (Drills.Entry entry : calendar) {
                var fence = leadership.fence(term.getAsLong(), now);
                String name = entry.drill().name();
                if (!entry.overdue()) {
                    incidents.ensureResolved(DrillReminderStore.groupKey(name), "Drill " + name + " done; next due "
                            + entry.nextDue().map(Instant::toString).orElse("-"), now, fence);
                    continue;
                }
                Optional<Contact> owner = entry.drill().owner().isBlank() ? Optional.empty()
                        : Optional.of(people.person(entry.drill().owner()).orElseGet(() -> new Contact(entry.drill().owner(), "", "")));
                List<String> channels = owner.map(contact -> policies.reaching(policies.allPageChannels(), contact)).orElse(List.of());
                String due = entry.nextDue().map(at -> "due " + at).orElse("never done");
                String text = "Reminder" + owner.map(o -> " for " + o.name()).orElse("") + ": drill " + name + " is overdue (" + due
                        + ", every " + Durations.format(entry.drill().every()) + "). " + howToRecord(entry);
                NewIncident spec = new NewIncident("Drill " + name + " is overdue (" + due + ")", Severity.LOW, "", "firebreak:drill",
                        Map.of("alertname", "DrillOverdue", "drill", name), "", now);
                if (reminders.remind(name, entry.nextDue().orElse(Instant.EPOCH), spec, text, owner, channels, now, fence).isPresent()) {
                    written++;
                }
            }
        } catch (LeaseLostException e) {
            leadership.lost();
        } catch (StoreException e) {
            LOG.warn("drill reminders: {}", e.getMessage());
        }
        return written;
    }

    private static String howToRecord(Drills.Entry entry) {
        String doneBy = entry.drill().doneBy();
        if (doneBy.startsWith("verify:")) {
            return "It counts when this passes: firebreak backup verify " + doneBy.substring("verify:".length());
        }
        if (doneBy.equals("simulate")) {
            return "It counts when a simulate run detects everything within 5 minutes: firebreak simulate SCENARIO";
        }
        return "Record it with: firebreak drill record " + entry.drill().name() + " --result pass";
    }

    public void releaseLeadership() {
        try {
            leadership.release();
        } catch (StoreException e) {
            // the lease runs out by itself
        }
    }
}
