package io.firebreak.server.recovery;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.escalation.EscalationPolicy;
import io.firebreak.core.escalation.EscalationStep;
import io.firebreak.core.escalation.OnCallLookup;
import io.firebreak.core.escalation.Target;
import io.firebreak.core.incident.Incident;
import io.firebreak.server.engine.EscalationPolicies;
import io.firebreak.server.store.RtoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who hears of an incident's RTO marks directly, beyond the channels whose routes ask for them. A warning
 * (50 %, 80 %) goes to the incident's commander, or without one to whoever the first step of its escalation
 * policy pages (the primary on call): the person who can still act in time. The breach goes to the level
 * after the one the escalation last paged, since the people paged so far have not made it in time.
 * People are reached through their policy's page channels (without a policy: every policy's), as a page is.
 */
public final class RtoRecipients {
    private final EscalationPolicies policies;
    private final OnCallLookup people;

    public RtoRecipients(EscalationPolicies policies, OnCallLookup people) {
        this.policies = policies;
        this.people = people;
    }

    /** The commander, else the primary on call, for a warning. */
    public List<RtoStore.Notice> warning(Incident incident, Instant now) {
        Optional<EscalationPolicy> policy = policies.forIncident(incident);
        if (!incident.commander().isBlank()) {
            return List.of(person(policy, contact(incident.commander()), "commander"));
        }
        if (policy.isEmpty()) {
            return List.of();
        }
        return step(policy.get(), 0, "primary on call", now);
    }

    /**
     * The next escalation level for the breach: the step after {@code currentStep} (-1 or empty: none paged yet,
     * so the first), the last step again when the chain is already at its top; the commander without a policy.
     */
    public List<RtoStore.Notice> breach(Incident incident, OptionalInt currentStep, Instant now) {
        Optional<EscalationPolicy> policy = policies.forIncident(incident);
        if (policy.isEmpty() || policy.get().steps().isEmpty()) {
            return incident.commander().isBlank() ? List.of() : List.of(person(policy, contact(incident.commander()), "commander"));
        }
        int last = policy.get().steps().size() - 1;
        int next = Math.min(currentStep.orElse(-1) + 1, last);
        return step(policy.get(), Math.max(0, next), "escalation step " + (Math.max(0, next) + 1) + " of " + policy.get().name(), now);
    }

    private List<RtoStore.Notice> step(EscalationPolicy policy, int index, String role, Instant now) {
        EscalationStep step = policy.steps().get(index);
        List<RtoStore.Notice> notices = new ArrayList<>();
        for (Target target : step.targets()) {
            switch (target) {
                case Target.Schedule schedule -> people.onCall(schedule.name(), now)
                        .forEach(contact -> notices.add(person(Optional.of(policy), contact, role + ", " + schedule.text())));
                case Target.Person person -> notices.add(person(Optional.of(policy), contact(person.name()), role));
                case Target.Channel channel -> notices.add(new RtoStore.Notice(Optional.empty(), List.of(channel.name()),
                        "channel " + channel.name() + " (" + role + ")"));
            }
        }
        return notices;
    }

    private RtoStore.Notice person(Optional<EscalationPolicy> policy, Contact contact, String role) {
        List<String> channels = policies.reaching(policy.map(p -> policies.pageChannels(p.name())).orElseGet(policies::allPageChannels),
                contact);
        return new RtoStore.Notice(Optional.of(contact), channels, contact.name() + " (" + role + ")");
    }

    private Contact contact(String name) {
        return people.person(name).orElseGet(() -> new Contact(name, "", ""));
    }
}
