package io.firebreak.server.engine;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.escalation.EscalationAction;
import io.firebreak.core.escalation.EscalationDecision;
import io.firebreak.core.escalation.EscalationPolicy;
import io.firebreak.core.escalation.Escalations;
import io.firebreak.core.escalation.OnCallLookup;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.time.Durations;
import io.firebreak.server.store.EscalationStore;
import io.firebreak.server.store.Fence;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The escalation engine module: at least every {@link #INTERVAL}, on the one instance that holds
 * the "escalation" lease, decides for every open incident with a policy who to page now (the pure
 * {@link Escalations#next}) and writes the pages, the timeline and the state in fenced
 * transactions. It remembers nothing between cycles: every cycle loads the state from the store, so
 * a takeover by another instance continues exactly where the last leader stopped.
 *
 * <p>A first pass decides on a snapshot of all open incidents (three queries); only incidents with
 * something to do are written, each deciding again under its row lock inside the transaction.
 */
public final class EscalationModule {
    public static final String MODULE = "escalation";
    /** The longest time between two cycles. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** The actor of the timeline events the module writes. */
    public static final String ACTOR = "escalation";
    /** Incidents written per transaction. */
    static final int BATCH = 100;
    /**
     * Incidents written per cycle: a mass page (thousands of incidents due at once) is spread over
     * the next loops rather than holding the engine loop, which detection shares, for seconds.
     */
    static final int MAX_WRITES = 1000;

    /** Told what each cycle and each manual escalation wrote (metrics). */
    public interface Listener {
        void escalated(int pages, int unrouted);

        Listener NONE = (pages, unrouted) -> { };
    }

    private final EscalationStore store;
    private final EscalationPolicies policies;
    private final OnCallLookup targets;
    private final Leadership leadership;
    private final Listener listener;
    private Instant lastRun = Instant.MIN;
    private volatile boolean woken;

    public EscalationModule(EscalationStore store, EscalationPolicies policies, OnCallLookup targets, Leadership leadership,
                            Listener listener) {
        this.store = store;
        this.policies = policies;
        this.targets = targets;
        this.leadership = leadership;
        this.listener = listener;
    }

    /** What one cycle did. */
    public record Cycle(int open, int written, int pages, int unrouted) {
        static final Cycle IDLE = new Cycle(0, 0, 0, 0);
    }

    /**
     * Runs a cycle if one is due at {@code now}: every {@link #INTERVAL}, at once after the clock went
     * back, and at the next loop after {@link #wake} (an incident opened or changed).
     */
    public Cycle runDue(Instant now) {
        boolean due = woken || !now.isBefore(lastRun.plus(INTERVAL)) || now.isBefore(lastRun);
        if (policies.isEmpty() || !due) {
            return Cycle.IDLE;
        }
        woken = false;
        lastRun = now;
        return run(now);
    }

    /** An incident opened or changed: decide again at the next engine loop rather than at the next interval. */
    public void wake() {
        woken = true;
    }

    /** One cycle at {@code now}, if this instance leads the module. */
    public Cycle run(Instant now) {
        OptionalLong term = leadership.lead(now);
        if (term.isEmpty() || policies.isEmpty()) {
            return Cycle.IDLE;
        }
        Fence fence = leadership.fence(term.getAsLong(), now);
        List<EscalationStore.Current> open = store.open();
        List<String> due = new ArrayList<>();
        for (EscalationStore.Current current : open) {
            Optional<EscalationPolicy> policy = policies.forIncident(current.incident());
            if (policy.isPresent() && !decide(policy.get(), current, now).isEmpty()) {
                due.add(current.incident().id());
            }
        }
        if (due.size() > MAX_WRITES) {
            due = due.subList(0, MAX_WRITES);
            wake();   // the rest at the next loop
        }
        int written = 0;
        int pages = 0;
        int unrouted = 0;
        try {
            for (int from = 0; from < due.size(); from += BATCH) {
                Map<String, EscalationStore.Written> batch = store.apply(due.subList(from, Math.min(due.size(), from + BATCH)), fence,
                        current -> policies.forIncident(current.incident())
                                .flatMap(policy -> plan(policy, current.incident(), decide(policy, current, now), now)));
                for (EscalationStore.Written write : batch.values()) {
                    written++;
                    pages += count(write.events(), EventType.PAGED);
                    unrouted += count(write.events(), EventType.NOBODY_PAGED);
                }
            }
        } catch (LeaseLostException e) {
            leadership.lost();   // another instance leads now; it decides from the store, so nothing is lost
        }
        listener.escalated(pages, unrouted);
        return new Cycle(open.size(), written, pages, unrouted);
    }

    private EscalationDecision decide(EscalationPolicy policy, EscalationStore.Current current, Instant now) {
        return Escalations.next(policy, current.incident(), current.lastProgress(), current.state(), targets, now);
    }

    /** The outcome of {@link #escalate}. */
    public sealed interface Manual {
        record Escalated(Incident incident, List<IncidentEvent> events) implements Manual {}

        record Rejected(String reason) implements Manual {}

        record NotFound(String id) implements Manual {}
    }

    /**
     * {@code incident escalate}: pages the next step of the incident's policy now. Any instance may
     * do this (it is a person's request, like an acknowledgement); the incident's row lock orders it
     * with the module's own writes.
     */
    public Manual escalate(IncidentStore incidents, String id, String actor, String reason, Instant now) {
        Optional<Incident> incident = incidents.find(id);
        if (incident.isEmpty()) {
            return new Manual.NotFound(id);
        }
        if (policies.forIncident(incident.get()).isEmpty()) {
            return new Manual.Rejected("no escalation policy applies to " + id
                    + " (set escalation_policy on its service or a route, or mark a policy default)");
        }
        if (!incident.get().status().isOpen()) {
            return new Manual.Rejected("only an open incident can be escalated; " + id + " is " + incident.get().status());
        }
        Map<String, EscalationStore.Written> written = store.apply(List.of(id), Fence.NONE, current -> {
            if (!current.incident().status().isOpen()) {
                return Optional.empty();
            }
            return policies.forIncident(current.incident()).flatMap(policy -> plan(policy, current.incident(),
                    Escalations.escalate(policy, current.incident(), current.state(), targets, actor, reason, now), now));
        });
        EscalationStore.Written write = written.get(id);
        if (write == null) {
            return new Manual.Rejected(id + " changed meanwhile and cannot be escalated now");
        }
        listener.escalated(count(write.events(), EventType.PAGED), count(write.events(), EventType.NOBODY_PAGED));
        return new Manual.Escalated(write.incident(), write.events());
    }

    /** The decision as a change of the incident (timeline events) and the outbox rows of its pages. */
    Optional<EscalationStore.Plan> plan(EscalationPolicy policy, Incident incident, EscalationDecision decision, Instant now) {
        if (decision.isEmpty()) {
            return Optional.empty();
        }
        Incident changed = incident;
        List<IncidentEvent.Draft> events = new ArrayList<>();
        List<EscalationStore.PageRow> rows = new ArrayList<>();
        String name = policy.name();
        for (EscalationAction action : decision.actions()) {
            switch (action) {
                case EscalationAction.AckTimedOut timedOut -> {
                    Change change = IncidentLifecycle.returnToTriggered(changed, "acknowledgement timed out: no progress for "
                            + Durations.format(timedOut.idle()) + "; escalation resumes", ACTOR, now);
                    if (change instanceof Change.Applied applied) {
                        changed = applied.incident();
                        events.addAll(applied.events());
                    }
                }
                case EscalationAction.Escalated escalated -> events.add(draft(now, EventType.ESCALATED,
                        (escalated.from() < 0 ? "" : "step " + (escalated.from() + 1) + " → ") + "step " + (escalated.to() + 1)
                                + " of " + name + " (" + targetsOf(policy, escalated.to()) + "): " + escalated.reason()));
                case EscalationAction.Unrouted unrouted -> events.add(draft(now, EventType.NOBODY_PAGED,
                        "step " + (unrouted.step() + 1) + " of " + name + ", " + unrouted.target().text() + ": " + unrouted.reason()));
                case EscalationAction.ChannelPage page -> {
                    rows.add(new EscalationStore.PageRow(events.size(), page.target().name(), Optional.empty()));
                    events.add(draft(now, EventType.PAGED, "channel " + page.target().name() + " (step " + (page.step() + 1) + " of " + name + ")"));
                }
                case EscalationAction.Page page -> {
                    List<String> via = channelsFor(name, page.contact());
                    for (String channel : via) {
                        rows.add(new EscalationStore.PageRow(events.size(), channel, Optional.of(page.contact())));
                    }
                    events.add(draft(now, EventType.PAGED, page.contact().name() + " (step " + (page.step() + 1) + " of " + name + ", "
                            + page.target().text() + ") via " + String.join(", ", via)));
                }
            }
        }
        if (events.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EscalationStore.Plan(new Change.Applied(changed, events), decision.state(), rows));
    }

    private List<String> channelsFor(String policy, Contact contact) {
        return policies.pageChannelsFor(policy, contact);
    }

    private static String targetsOf(EscalationPolicy policy, int step) {
        return String.join(", ", policy.steps().get(step).targets().stream().map(t -> t.text()).toList());
    }

    private static IncidentEvent.Draft draft(Instant now, EventType type, String message) {
        return new IncidentEvent.Draft(now, ACTOR, type, null, null, message);
    }

    private static int count(List<IncidentEvent> events, EventType type) {
        return (int) events.stream().filter(event -> event.type() == type).count();
    }

    /** Gives the lease up at shutdown, so a standby takes over at its next loop. */
    public void releaseLeadership() {
        leadership.release();
    }
}
