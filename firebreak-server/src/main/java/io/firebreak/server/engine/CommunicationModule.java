package io.firebreak.server.engine;

import io.firebreak.core.communication.UpdateCadence;
import io.firebreak.core.escalation.Contact;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.postmortem.PostMortemDue;
import io.firebreak.core.postmortem.PostMortemState;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.PersonConfig;
import io.firebreak.server.store.CommunicationStore;
import io.firebreak.server.store.Fence;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.LeaseLostException;
import io.firebreak.server.store.PostMortemStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reminds people of what they promised: the commander (or, without one, whoever acknowledged) when
 * a public update is due by the severity's cadence, and when a required post-mortem is overdue.
 * Each reminder is a {@code communication} event on the timeline by {@value #ACTOR} (not progress for escalation), so it is sent once per due update and
 * once per overdue post-mortem, and any instance that takes the lease over decides from the store.
 */
public final class CommunicationModule {
    public static final String MODULE = "communication";
    public static final String ACTOR = "communication";
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    static final String UPDATE_DUE = "Reminder: a public update is due";
    static final String POSTMORTEM_OVERDUE = "Reminder: the post-mortem is overdue";
    static final String MILESTONE = "Milestone ";
    static final String ACTION_OVERDUE = "Reminder: action item ";
    static final String MANAGEMENT_UPDATE = "Management update to ";
    /** How far back milestones are judged; older incidents were judged long ago. */
    static final Duration MILESTONE_HORIZON = Duration.ofDays(7);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final IncidentStore incidents;
    private final CommunicationStore store;
    private final PostMortemStore postMortems;
    private final UpdateCadence cadence;
    private final Set<Severity> required;
    private final Duration dueAfter;
    private final Map<String, Contact> people;
    private final List<String> channels;
    private final Leadership leadership;
    private final List<Stakeholder> stakeholders;
    private final io.firebreak.server.store.OutboxStore outbox;
    private Instant lastRun = Instant.MIN;

    /** One stakeholder of the matrix, parsed. */
    record Stakeholder(String name, Set<String> channels, Map<Severity, Duration> deadlines, boolean managementUpdate) {}

    /** What one cycle wrote. */
    public record Cycle(int updateReminders, int postMortemReminders) {
        static final Cycle IDLE = new Cycle(0, 0);

        public int written() {
            return updateReminders + postMortemReminders;
        }
    }

    public CommunicationModule(IncidentStore incidents, CommunicationStore store, PostMortemStore postMortems,
                               io.firebreak.server.store.OutboxStore outbox, AppConfig config, Leadership leadership) {
        this.outbox = outbox;
        this.stakeholders = config.stakeholders().stream().map(stakeholder -> {
            Map<Severity, Duration> deadlines = new java.util.EnumMap<>(Severity.class);
            stakeholder.deadlines().forEach((severity, duration) -> Severity.parse(severity)
                    .ifPresent(parsed -> Durations.parse(duration).ifPresent(d -> deadlines.put(parsed, d))));
            return new Stakeholder(stakeholder.name(), new java.util.LinkedHashSet<>(stakeholder.channels()), deadlines,
                    stakeholder.sendsManagementUpdate());
        }).toList();
        this.incidents = incidents;
        this.store = store;
        this.postMortems = postMortems;
        this.cadence = config.communication().cadence();
        this.required = config.postmortems().required().stream().map(Severity::parse).flatMap(Optional::stream).collect(Collectors.toSet());
        this.dueAfter = Durations.parse(config.postmortems().dueAfter()).orElse(Duration.ofDays(5));
        this.people = new HashMap<>();
        for (PersonConfig person : config.people()) {
            people.put(person.name(), new Contact(person.name(), person.email(), person.slack()));
        }
        // Reminders reach a person the way a page does: through the escalation policies' page channels.
        // Without any, a reminder is a timeline event only (no channel gets messages its routes did not ask for).
        this.channels = config.escalationPolicies().stream().flatMap(policy -> policy.pageChannels().stream()).distinct().toList();
        this.leadership = leadership;
        this.config = config;
    }

    private final AppConfig config;

    /** Runs a cycle when {@link #INTERVAL} has passed since the last one (or the clock went back). */
    public Cycle runDue(Instant now) {
        if (now.isBefore(lastRun.plus(INTERVAL)) && !now.isBefore(lastRun)) {
            return Cycle.IDLE;
        }
        lastRun = now;
        return run(now);
    }

    /** One cycle at {@code now}, if this instance leads the module. */
    public Cycle run(Instant now) {
        OptionalLong term = leadership.lead(now);
        if (term.isEmpty()) {
            return Cycle.IDLE;
        }
        Fence fence = leadership.fence(term.getAsLong(), now);
        int updates = 0;
        int overdue = 0;
        try {
            List<Incident> all = incidents.list(IncidentQuery.all());
            for (Incident incident : all) {
                if (incident.status().isOpen() && updateReminderDue(incident, incidents.timeline(incident.id()), now)) {
                    Optional<String> who = remindee(incident, incidents.timeline(incident.id()));
                    Instant due = cadence.nextDue(incident, incidents.timeline(incident.id())).orElse(now);
                    String text = UPDATE_DUE + " (" + incident.severity().sev() + ": " + cadence.describe(incident.severity())
                            + "; due " + TIME.format(due) + ")"
                            + who.map(name -> " for " + name).orElse("")
                            + ". Post it with: firebreak incident update " + incident.id() + " --public TEXT";
                    if (store.remind(incident.id(), fence, current -> updateReminderDue(current, incidents.timeline(current.id()), now),
                            text, ACTOR, who.map(this::contact), channels, now)) {
                        updates++;
                    }
                }
            }
            Map<String, PostMortemState> states = new HashMap<>();
            postMortems.list().forEach(p -> states.put(p.incidentId(), p.state()));
            List<Incident> finished = all.stream()
                    .filter(i -> i.status() == IncidentStatus.RESOLVED || i.status() == IncidentStatus.POSTMORTEM).toList();
            for (PostMortemDue.Obligation obligation : PostMortemDue.obligations(finished, states, required, dueAfter)) {
                Incident incident = obligation.incident();
                if (!obligation.overdue(now) || reminded(incidents.timeline(incident.id()), POSTMORTEM_OVERDUE, Instant.MIN)) {
                    continue;
                }
                Optional<String> who = remindee(incident, incidents.timeline(incident.id()));
                String text = POSTMORTEM_OVERDUE + " (due " + TIME.format(obligation.due()) + ", "
                        + obligation.state().map(Enum::name).orElse("not started") + ")" + who.map(name -> " for " + name).orElse("")
                        + ". Start it with: firebreak postmortem new " + incident.id();
                if (store.remind(incident.id(), fence, current -> !reminded(incidents.timeline(current.id()), POSTMORTEM_OVERDUE, Instant.MIN),
                        text, ACTOR, who.map(this::contact), channels, now)) {
                    overdue++;
                }
            }
            for (Incident incident : all) {
                if (incident.detected().isAfter(now.minus(MILESTONE_HORIZON))) {
                    managementUpdates(incident, all, fence, now);
                    milestones(incident, fence, now);
                }
            }
            overdue += actionItems(fence, now);
        } catch (LeaseLostException e) {
            leadership.lost();
        }
        return new Cycle(updates, overdue);
    }

    /**
     * Records, per stakeholder with a deadline for the incident's severity, that its milestone was
     * met (a message reached one of its channels within the deadline from detection) or missed.
     */
    private void milestones(Incident incident, Fence fence, Instant now) {
        List<IncidentEvent> timeline = null;
        List<io.firebreak.server.store.OutboxRow> rows = null;
        for (Stakeholder stakeholder : stakeholders) {
            Duration deadline = stakeholder.deadlines().get(incident.severity());
            if (deadline == null) {
                continue;
            }
            if (timeline == null) {
                timeline = incidents.timeline(incident.id());
                rows = outbox.list(Optional.of(incident.id()), false, 1000);
            }
            String prefix = MILESTONE + stakeholder.name() + ":";
            if (reminded(timeline, prefix, Instant.MIN)) {
                continue;
            }
            Instant by = incident.detected().plus(deadline);
            Optional<Instant> reached = rows.stream()
                    .filter(row -> stakeholder.channels().contains(row.channel()) && io.firebreak.server.store.OutboxRow.DELIVERED.equals(row.state())
                            && row.finished() != null)
                    .map(io.firebreak.server.store.OutboxRow::finished).min(Instant::compareTo);
            String text;
            if (reached.isPresent() && !reached.get().isAfter(by)) {
                text = prefix + " met at " + TIME.format(reached.get()) + " (deadline " + Durations.format(deadline) + " after detection)";
            } else if (now.isAfter(by)) {
                text = prefix + " missed (deadline " + Durations.format(deadline) + " after detection, " + TIME.format(by) + ")"
                        + reached.map(at -> "; first reached at " + TIME.format(at)).orElse("; not reached");
            } else {
                continue;
            }
            store.remind(incident.id(), fence, current -> !reminded(incidents.timeline(current.id()), prefix, Instant.MIN),
                    text, ACTOR, Optional.empty(), List.of(), now);
        }
    }

    private boolean updateReminderDue(Incident incident, List<IncidentEvent> timeline, Instant now) {
        if (!incident.status().isOpen() || !cadence.overdue(incident, timeline, now)) {
            return false;
        }
        return cadence.anchor(incident, timeline).map(anchor -> !reminded(timeline, UPDATE_DUE, anchor)).orElse(false);
    }

    /**
     * The seed's management update to every stakeholder that {@code sends: management_update} and
     * has a deadline for the incident's severity: at once when the incident opens, again after each
     * public update, and once after resolution.
     */
    private void managementUpdates(Incident incident, List<Incident> all, Fence fence, Instant now) {
        for (Stakeholder stakeholder : stakeholders) {
            if (!stakeholder.managementUpdate() || !stakeholder.deadlines().containsKey(incident.severity())) {
                continue;
            }
            String prefix = MANAGEMENT_UPDATE + stakeholder.name();
            java.util.function.Predicate<Incident> due = current -> {
                List<IncidentEvent> timeline = incidents.timeline(current.id());
                Instant anchor = current.detected();
                for (IncidentEvent event : timeline) {
                    if (event.type() == EventType.PUBLIC_UPDATE && event.at().isAfter(anchor)) {
                        anchor = event.at();
                    }
                }
                if (current.resolved() != null && current.resolved().isAfter(anchor)) {
                    anchor = current.resolved();
                }
                if (!current.status().isOpen() && current.resolved() == null) {
                    return false;
                }
                return !reminded(timeline, prefix, anchor);
            };
            if (!due.test(incident)) {
                continue;
            }
            String text = prefix + "\n\n" + io.firebreak.core.communication.ManagementUpdate.text(incident, impact(incident, all, now), now);
            store.sendToStakeholder(incident.id(), fence, due, text, ACTOR, List.copyOf(stakeholder.channels()), now);
        }
    }

    /** The incident's business impact from its service's figures (all unknown for a service not configured). */
    private io.firebreak.core.communication.BusinessImpact impact(Incident incident, List<Incident> all, Instant now) {
        var figures = config.service(incident.service()).map(io.firebreak.server.config.ServiceConfig::figures)
                .orElse(new io.firebreak.core.communication.BusinessImpact.Figures(-1, -1,
                        io.firebreak.core.communication.BusinessImpact.Figures.DEFAULT_SLO));
        long totalUsers = config.services().stream().mapToLong(s -> s.users() == null ? 0 : s.users()).sum();
        List<Incident> sameService = all.stream().filter(i -> i.service().equals(incident.service())).toList();
        return io.firebreak.core.communication.BusinessImpact.of(incident, figures, sameService, totalUsers, now);
    }

    /** Reminds each owner of an open action item past its due date, once per item, on the incident's timeline. */
    private int actionItems(Fence fence, Instant now) {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, ZoneOffset.UTC);
        int written = 0;
        for (io.firebreak.core.postmortem.ActionItem item : postMortems.actions(Optional.empty())) {
            if (!item.overdue(today)) {
                continue;
            }
            String prefix = ACTION_OVERDUE + item.number() + " is overdue";
            if (reminded(incidents.timeline(item.incidentId()), prefix, Instant.MIN)) {
                continue;
            }
            String text = prefix + " (" + item.priority() + ", due " + item.due() + ") for " + item.owner() + ": " + item.description()
                    + ". Close it with: firebreak postmortem action done " + item.incidentId() + " " + item.number();
            if (store.remind(item.incidentId(), fence, current -> !reminded(incidents.timeline(current.id()), prefix, Instant.MIN),
                    text, ACTOR, Optional.of(contact(item.owner())), channels, now)) {
                written++;
            }
        }
        return written;
    }

    private static boolean reminded(List<IncidentEvent> timeline, String prefix, Instant after) {
        return timeline.stream().anyMatch(event -> event.type() == EventType.COMMUNICATION && event.actor().equals(ACTOR)
                && event.message().startsWith(prefix) && !event.at().isBefore(after));
    }

    /** The commander, else whoever acknowledged (the primary), else nobody in particular. */
    private static Optional<String> remindee(Incident incident, List<IncidentEvent> timeline) {
        if (!incident.commander().isBlank()) {
            return Optional.of(incident.commander());
        }
        return timeline.stream().filter(event -> event.type() == EventType.ACKNOWLEDGED).map(IncidentEvent::actor).findFirst();
    }

    private Contact contact(String name) {
        return people.getOrDefault(name, new Contact(name, "", ""));
    }

    public void releaseLeadership() {
        leadership.release();
    }
}
