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
 * without an interval (SEV3, SEV4) update on status change: an update is due {@code onStatusChange}
 * after a status change that no public update has followed yet. Pure: the timeline and {@code now} decide.
 */
public final class UpdateCadence {
    /** How soon after a status change an update is due for severities without an interval, by default. */
    public static final Duration DEFAULT_ON_STATUS_CHANGE = Duration.ofMinutes(15);

    /** The only events {@link #history} and {@link #nextDue} look at: a report loads these and no others. */
    public static final java.util.Set<EventType> EVENTS_READ = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(
            EventType.PUBLIC_UPDATE, EventType.STATUS_CHANGED, EventType.ACKNOWLEDGED, EventType.REOPENED));

    private final Map<Severity, Duration> every;
    private final Duration onStatusChange;

    /** @param every the interval per severity; a severity missing here updates on status change */
    public UpdateCadence(Map<Severity, Duration> every) {
        this(every, DEFAULT_ON_STATUS_CHANGE);
    }

    /**
     * @param every          the interval per severity; a severity missing here updates on status change
     * @param onStatusChange how soon after a status change its update is due; null: never (severities
     *                       without an interval owe no update at all)
     */
    public UpdateCadence(Map<Severity, Duration> every, Duration onStatusChange) {
        this.every = Map.copyOf(every);
        this.onStatusChange = onStatusChange;
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

    /** How soon after a status change an update is due; empty when status changes owe none. */
    public Optional<Duration> onStatusChange() {
        return Optional.ofNullable(onStatusChange);
    }

    /** The rule in words, for reminders: {@code every 30m} or {@code on status change, within 15m}. */
    public String describe(Severity severity) {
        return interval(severity).map(interval -> "every " + io.firebreak.core.time.Durations.format(interval))
                .orElse(onStatusChange == null ? "no updates due"
                        : "on status change, within " + io.firebreak.core.time.Durations.format(onStatusChange));
    }

    /**
     * The instant the next update is counted from: the last public update (or detection) for a fixed
     * interval; for status-change severities, the first status change after the last public update,
     * or empty when every change has had its update.
     */
    public Optional<Instant> anchor(Incident incident, List<IncidentEvent> timeline) {
        return anchor(incident, timeline, Instant.MAX.minusSeconds(1));
    }

    private Optional<Instant> anchor(Incident incident, List<IncidentEvent> timeline, Instant before) {
        Instant lastUpdate = lastUpdate(incident, timeline, before);
        if (interval(incident.severity()).isPresent()) {
            return Optional.of(lastUpdate);
        }
        if (onStatusChange == null) {
            return Optional.empty();
        }
        boolean noUpdateYet = !lastUpdate.isAfter(incident.detected());
        for (IncidentEvent event : timeline) {   // a loop, not a stream: a report judges 40,000 updates with this
            if (statusChange(event) && !event.at().isAfter(before)
                    && (event.at().isAfter(lastUpdate) || (noUpdateYet && !event.at().isBefore(lastUpdate)))) {
                return Optional.of(event.at());
            }
        }
        return Optional.empty();
    }

    /** When the next update is due, or empty when the incident is not open or none is owed. */
    public Optional<Instant> nextDue(Incident incident, List<IncidentEvent> timeline) {
        if (!incident.status().isOpen()) {
            return Optional.empty();
        }
        return anchor(incident, timeline).map(anchor -> anchor.plus(interval(incident.severity()).orElse(onStatusChange)));
    }

    /** Whether an update is overdue at {@code now}. */
    public boolean overdue(Incident incident, List<IncidentEvent> timeline, Instant now) {
        return nextDue(incident, timeline).map(now::isAfter).orElse(false);
    }

    /**
     * Every public update while the incident was open that was owed, judged against the cadence of
     * its severity: with an interval every update counts; on status change, an update counts when
     * it answers a status change.
     */
    public List<Update> history(Incident incident, List<IncidentEvent> timeline) {
        List<Update> out = new ArrayList<>();
        for (IncidentEvent event : timeline) {
            if (event.type() != EventType.PUBLIC_UPDATE) {
                continue;
            }
            boolean whileOpen = incident.resolved() == null || !event.at().isAfter(incident.resolved());
            if (!whileOpen) {
                continue;
            }
            Optional<Instant> anchor = anchor(incident, timeline, event.at());
            if (anchor.isPresent()) {
                Instant due = anchor.get().plus(interval(incident.severity()).orElse(onStatusChange));
                out.add(new Update(event.at(), due, !event.at().isAfter(due)));
            }
        }
        return out;
    }

    /**
     * How many updates were owed and never came: due times that passed while the incident was open
     * (up to {@code until} for one still open) with no public update at all. With an interval, each
     * interval that went by without an update counts, except the first before a late update, which
     * {@link #history} judges as late; on status change, a change whose update never came counts
     * once. {@link #history}'s updates and these are every update that was owed.
     */
    public int missed(Incident incident, List<IncidentEvent> timeline, Instant until) {
        Instant end = incident.resolved() != null && incident.resolved().isBefore(until) ? incident.resolved() : until;
        Optional<Duration> interval = interval(incident.severity());
        if (interval.isPresent()) {
            long every = interval.get().toNanos();
            int missed = 0;
            Instant anchor = incident.detected();
            for (IncidentEvent event : timeline) {
                if (event.type() != EventType.PUBLIC_UPDATE || !event.at().isAfter(anchor)) {
                    continue;
                }
                if (event.at().isAfter(end)) {
                    continue;
                }
                missed += (int) Math.max(0, duesBefore(anchor, event.at(), every) - 1);   // the first is the late update's own
                anchor = event.at();
            }
            return missed + (int) duesBefore(anchor, end, every);
        }
        if (onStatusChange == null) {
            return 0;
        }
        Instant unanswered = null;   // the first status change since the last public update
        for (IncidentEvent event : timeline) {
            if (event.at().isAfter(end)) {
                continue;
            }
            if (event.type() == EventType.PUBLIC_UPDATE && event.at().isAfter(incident.detected())) {
                unanswered = null;
            } else if (statusChange(event) && unanswered == null && !event.at().isBefore(incident.detected())) {
                unanswered = event.at();
            }
        }
        return unanswered != null && unanswered.plus(onStatusChange).isBefore(end) ? 1 : 0;
    }

    /** How many due times {@code from + k * every} (k from 1) fall before {@code to}. */
    private static long duesBefore(Instant from, Instant to, long every) {
        long between = Duration.between(from, to).toNanos();
        return between <= 0 ? 0 : (between - 1) / every;
    }

    /** The judgement of an update posted at {@code now}, before it is recorded; empty when none was owed. */
    public Optional<Update> judge(Incident incident, List<IncidentEvent> timeline, Instant now) {
        if (!incident.status().isOpen()) {
            return Optional.empty();
        }
        return anchor(incident, timeline, now).map(anchor -> {
            Instant due = anchor.plus(interval(incident.severity()).orElse(onStatusChange));
            return new Update(now, due, !now.isAfter(due));
        });
    }

    private static boolean statusChange(IncidentEvent event) {
        return event.type() == EventType.STATUS_CHANGED || event.type() == EventType.ACKNOWLEDGED || event.type() == EventType.REOPENED;
    }

    private static Instant lastUpdate(Incident incident, List<IncidentEvent> timeline, Instant before) {
        Instant anchor = incident.detected();
        for (IncidentEvent event : timeline) {
            if (event.type() == EventType.PUBLIC_UPDATE && event.at().isBefore(before) && event.at().isAfter(anchor)) {
                anchor = event.at();
            }
        }
        return anchor;
    }
}
