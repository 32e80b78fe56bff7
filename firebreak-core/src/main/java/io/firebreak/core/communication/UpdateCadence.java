package io.firebreak.core.communication;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's update frequency: while an incident is open, a public update is due a fixed time
 * after detection or the previous update (SEV1 every 30 minutes, SEV2 every hour); severities
 * without an interval update on status change only. Pure: the timeline and {@code now} decide.
 */
public final class UpdateCadence {
    private final Map<Severity, Duration> every;

    /** @param every the interval per severity; a severity missing here has no fixed cadence */
    public UpdateCadence(Map<Severity, Duration> every) {
        this.every = Map.copyOf(every);
    }

    /** One public update and whether it came within the cadence. */
    public record Update(Instant at, Instant due, boolean onTime) {
        public Duration late() {
            return onTime ? Duration.ZERO : Duration.between(due, at);
        }
    }

    public Optional<Duration> interval(Severity severity) {
        return Optional.ofNullable(every.get(severity));
    }

    /** When the next update is due, or empty when the incident is not open or has no cadence. */
    public Optional<Instant> nextDue(Incident incident, List<IncidentEvent> timeline) {
        if (!incident.status().isOpen()) {
            return Optional.empty();
        }
        return interval(incident.severity()).map(interval -> lastAnchor(incident, timeline, Instant.MAX).plus(interval));
    }

    /** Whether an update is overdue at {@code now}. */
    public boolean overdue(Incident incident, List<IncidentEvent> timeline, Instant now) {
        return nextDue(incident, timeline).map(now::isAfter).orElse(false);
    }

    /** Every public update while the incident was open, judged against the cadence of its severity then. */
    public List<Update> history(Incident incident, List<IncidentEvent> timeline) {
        List<Update> out = new ArrayList<>();
        Optional<Duration> interval = interval(incident.severity());
        if (interval.isEmpty()) {
            return out;
        }
        Instant anchor = incident.detected();
        for (IncidentEvent event : timeline) {
            if (event.type() == EventType.PUBLIC_UPDATE) {
                Instant due = anchor.plus(interval.get());
                boolean whileOpen = incident.resolved() == null || !event.at().isAfter(incident.resolved());
                if (whileOpen) {
                    out.add(new Update(event.at(), due, !event.at().isAfter(due)));
                }
                anchor = event.at();
            }
        }
        return out;
    }

    /** The judgement of an update posted at {@code now}, before it is recorded. */
    public Optional<Update> judge(Incident incident, List<IncidentEvent> timeline, Instant now) {
        if (!incident.status().isOpen()) {
            return Optional.empty();
        }
        return interval(incident.severity()).map(interval -> {
            Instant due = lastAnchor(incident, timeline, now).plus(interval);
            return new Update(now, due, !now.isAfter(due));
        });
    }

    private static Instant lastAnchor(Incident incident, List<IncidentEvent> timeline, Instant before) {
        Instant anchor = incident.detected();
        for (IncidentEvent event : timeline) {
            if (event.type() == EventType.PUBLIC_UPDATE && event.at().isBefore(before) && event.at().isAfter(anchor)) {
                anchor = event.at();
            }
        }
        return anchor;
    }
}
