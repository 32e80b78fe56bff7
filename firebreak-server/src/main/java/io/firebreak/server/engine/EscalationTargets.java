package io.firebreak.server.engine;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.escalation.OnCallLookup;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.PersonConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's answer to "who is paged": people from {@code people:}, and who is on call in a
 * schedule from a {@link Schedules} function. A name a schedule returns that is not among the
 * people is a contact without addresses, which the escalation reports as paging nobody.
 */
public final class EscalationTargets implements OnCallLookup {
    /** Who is on call in a schedule at a time: the people's names, in order. */
    @FunctionalInterface
    public interface Schedules {
        List<String> onCall(String schedule, Instant now);

        /** No schedules: every {@code schedule:} target pages nobody (loudly). */
        Schedules NONE = (schedule, now) -> List.of();
    }

    private final Map<String, Contact> people;
    private final Schedules schedules;

    public EscalationTargets(List<PersonConfig> people, Schedules schedules) {
        Map<String, Contact> contacts = new HashMap<>();
        for (PersonConfig person : people) {
            contacts.put(person.name(), new Contact(person.name(), person.email(), person.slack()));
        }
        this.people = Map.copyOf(contacts);
        this.schedules = schedules;
    }

    /**
     * The targets of a configuration. The one place schedules plug in.
     * LEAD: after merging the on-call branch, pass a {@link Schedules} built on
     * {@code io.firebreak.core.oncall.OnCall.at(schedule, overrides, now)} (overrides from its store)
     * instead of {@link Schedules#NONE}.
     */
    public static EscalationTargets fromConfig(AppConfig config) {
        return new EscalationTargets(config.people(), Schedules.NONE);
    }

    @Override
    public List<Contact> onCall(String schedule, Instant now) {
        return schedules.onCall(schedule, now).stream()
                .map(name -> people.getOrDefault(name, new Contact(name, "", "")))
                .toList();
    }

    @Override
    public Optional<Contact> person(String name) {
        return Optional.ofNullable(people.get(name));
    }
}
