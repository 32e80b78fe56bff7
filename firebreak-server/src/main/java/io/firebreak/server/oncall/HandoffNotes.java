package io.firebreak.server.oncall;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.mute.Silence;
import io.firebreak.core.oncall.OnCall;
import io.firebreak.core.oncall.Schedule;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.time.Durations;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OnCallNote;
import io.firebreak.server.store.SilenceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The seed's handoff template, filled from data: who hands over to whom and when, open incidents
 * with their status and next step, the past week's incidents with their outcome, known issues and
 * watch-outs ({@code oncall note add}), and maintenance coming up (silences that start within a
 * week). Markdown; text from outside (titles, notes, comments) is kept to one line.
 */
public final class HandoffNotes {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final OnCallService onCall;
    private final IncidentStore incidents;
    private final SilenceStore silences;

    public HandoffNotes(OnCallService onCall, IncidentStore incidents, SilenceStore silences) {
        this.onCall = onCall;
        this.incidents = incidents;
        this.silences = silences;
    }

    /**
     * The handoff of {@code scheduleName} (default: {@code primary}, else the first schedule) nearest to
     * {@code now}: run before the Monday meeting it prepares the coming handoff, run just after it, the
     * one that just happened.
     */
    public String render(Optional<String> scheduleName, Instant now) {
        Optional<Schedule> schedule = scheduleName.isPresent() ? onCall.schedule(scheduleName.get())
                : onCall.schedule("primary").or(() -> onCall.schedules().stream().findFirst());
        if (scheduleName.isPresent() && schedule.isEmpty()) {
            throw new IllegalArgumentException("unknown schedule '" + scheduleName.get() + "'");
        }
        ZoneId zone = schedule.map(Schedule::zone).orElse(ZoneId.of("UTC"));
        Instant handoff = now;
        String title = "On-Call Handoff";
        if (schedule.isPresent()) {
            Instant previous = OnCall.previousHandoff(schedule.get(), now);
            Instant next = OnCall.nextHandoff(schedule.get(), now);
            handoff = Duration.between(previous, now).compareTo(Duration.between(now, next)) <= 0 ? previous : next;
            String outgoing = names(onCall.onCallNames(schedule.get().name(), handoff.minusMillis(1)));
            String incoming = names(onCall.onCallNames(schedule.get().name(), handoff));
            title += ": " + outgoing + " → " + incoming;
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append('\n');
        schedule.ifPresent(s -> out.append("Schedule: ").append(s.name()).append('\n'));
        out.append("Date: ").append(DATE.format(handoff.atZone(zone))).append('\n');
        out.append("Time: ").append(TIME.format(handoff.atZone(zone))).append(" (").append(zone).append(")\n");

        out.append("\n## Open Incidents\n");
        List<Incident> open = incidents.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), true, 200));
        if (open.isEmpty()) {
            out.append("- None.\n");
        }
        for (Incident incident : open) {
            out.append("- ").append(incident.id()).append(": ").append(incident.severity().sev()).append(' ').append(incident.status())
                    .append(", ").append(line(incident.title())).append(". Next: ").append(nextStep(incident.status()));
            lastNote(incidents.timeline(incident.id())).ifPresent(note -> out.append(" Last note: ").append(line(note)));
            out.append('\n');
        }

        out.append("\n## Recent Incidents (past week)\n");
        Instant weekAgo = handoff.minus(Duration.ofDays(7));
        List<Incident> recent = incidents.list(IncidentQuery.all().withSince(weekAgo)).stream()
                .filter(i -> i.detected().isBefore(now)).toList();
        if (recent.isEmpty()) {
            out.append("- None.\n");
        }
        for (Incident incident : recent) {
            out.append("- ").append(incident.id()).append(": ").append(incident.severity().sev()).append(' ').append(line(incident.title()))
                    .append(" (").append(WHEN.format(incident.detected().atZone(zone))).append("): ")
                    .append(incident.resolved() != null ? "resolved after " + Durations.format(Duration.between(incident.detected(), incident.resolved()))
                            : "still open, " + incident.status())
                    .append('\n');
        }

        List<OnCallNote> notes = onCall.store().notes(now);
        section(out, "Known Issues", notes.stream().filter(n -> n.kind() == OnCallNote.Kind.KNOWN_ISSUE).toList(), zone);

        out.append("\n## Upcoming Maintenance\n");
        List<Silence> upcoming = silences.list(now, false).stream()
                .filter(s -> !s.startsAt().isBefore(now) && s.startsAt().isBefore(now.plus(Duration.ofDays(7)))).toList();
        if (upcoming.isEmpty()) {
            out.append("- None scheduled (silences starting within a week).\n");
        }
        for (Silence silence : upcoming) {
            out.append("- ").append(WHEN.format(silence.startsAt().atZone(zone))).append(" to ").append(WHEN.format(silence.endsAt().atZone(zone)))
                    .append(": ").append(line(silence.comment())).append(" (silences ")
                    .append(line(String.join(", ", silence.matchers().stream().map(Matcher::toString).toList()))).append("; ")
                    .append(line(silence.author())).append(")\n");
        }

        section(out, "Watch-Outs", notes.stream().filter(n -> n.kind() == OnCallNote.Kind.WATCH_OUT).toList(), zone);
        out.append("\n## Questions & Clarifications\n\n");
        return out.toString();
    }

    private static void section(StringBuilder out, String heading, List<OnCallNote> notes, ZoneId zone) {
        out.append("\n## ").append(heading).append('\n');
        if (notes.isEmpty()) {
            out.append("- None.\n");
        }
        for (OnCallNote note : notes) {
            out.append("- ").append(line(note.text())).append(" (").append(line(note.author())).append(", ")
                    .append(DATE.format(note.created().atZone(zone))).append(")\n");
        }
    }

    private static String names(List<String> people) {
        return people.isEmpty() ? "nobody" : String.join(" + ", people);
    }

    /** What the incident needs next, by status: the seed's lifecycle. */
    static String nextStep(IncidentStatus status) {
        return switch (status) {
            case TRIGGERED -> "acknowledge and assess.";
            case ACKNOWLEDGED -> "start investigating.";
            case INVESTIGATING -> "find the cause.";
            case IDENTIFIED -> "fix and watch.";
            case MONITORING -> "resolve once stable.";
            case RESOLVED, POSTMORTEM, CLOSED -> "none.";
        };
    }

    private static Optional<String> lastNote(List<IncidentEvent> timeline) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if (timeline.get(i).type() == EventType.NOTE) {
                return Optional.of(timeline.get(i).message());
            }
        }
        return Optional.empty();
    }

    /** Outside text on one line: no line breaks or control characters to break the Markdown structure. */
    static String line(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
