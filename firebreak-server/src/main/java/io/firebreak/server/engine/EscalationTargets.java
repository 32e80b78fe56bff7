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
     * The targets of a configuration, with who is on call answered by {@code schedules} (the
     * on-call service: rotations and stored overrides). Within one cycle (one {@code now}) each
     * schedule is asked once, however many incidents page it.
     */
    public static EscalationTargets fromConfig(AppConfig config, Schedules schedules) {
        return new EscalationTargets(config.people(), perCycle(schedules));
    }

    private static Schedules perCycle(Schedules inner) {
        return new Schedules() {
            private Instant at;
            private final Map<String, List<String>> answers = new HashMap<>();

            @Override
            public synchronized List<String> onCall(String schedule, Instant now) {
                if (!now.equals(at)) {
                    at = now;
                    answers.clear();
                }
                return answers.computeIfAbsent(schedule, name -> inner.onCall(name, now));
            }
        };
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
