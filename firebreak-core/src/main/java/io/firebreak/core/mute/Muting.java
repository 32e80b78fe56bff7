package io.firebreak.core.mute;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.routing.Routing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether an incident's notifications are held back right now, and until when it is worth looking again. */
public final class Muting {
    private Muting() {}

    /** Why an incident is muted. */
    public sealed interface Muted {
        String reason();

        /** Held by a silence until {@code until}. */
        record Silenced(Silence silence) implements Muted {
            @Override
            public String reason() {
                return "silenced by " + silence.id() + " until " + silence.endsAt() + " (" + silence.author() + ": " + silence.comment() + ")";
            }
        }

        /** Held while {@code source} is open. */
        record Inhibited(String sourceIncident) implements Muted {
            @Override
            public String reason() {
                return "inhibited while " + sourceIncident + " is open";
            }
        }
    }

    /**
     * @param open the open incidents, for inhibition; the target itself may be among them
     */
    public static Optional<Muted> check(Incident target, List<Silence> silences, List<InhibitRule> rules, List<Incident> open, Instant now) {
        Map<String, String> labels = Routing.labels(target);
        Optional<Silence> silence = silences.stream()
                .filter(s -> s.activeAt(now) && s.matches(labels))
                .max(java.util.Comparator.comparing(Silence::endsAt));
        if (silence.isPresent()) {
            return Optional.of(new Muted.Silenced(silence.get()));
        }
        for (InhibitRule rule : rules) {
            for (Incident source : open) {
                if (!source.id().equals(target.id()) && source.status().isOpen() && rule.inhibits(Routing.labels(source), labels)) {
                    return Optional.of(new Muted.Inhibited(source.id()));
                }
            }
        }
        return Optional.empty();
    }
}
