package io.firebreak.cli;

import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentId;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak incident ...}: work incidents from a terminal. The subcommands are listed in
 * {@link #SUBCOMMANDS} rather than the annotation, so that only the one named is built ({@link Main}).
 */
@Command(name = "incident", description = "Work incidents from a terminal.", mixinStandardHelpOptions = true)
final class IncidentCommand {
    static final List<RootCommand.Subcommand> SUBCOMMANDS = List.of(new RootCommand.Subcommand("list", ListIncidents.class),
            new RootCommand.Subcommand("show", Show.class), new RootCommand.Subcommand("open", Open.class),
            new RootCommand.Subcommand("ack", Ack.class), new RootCommand.Subcommand("status", Status.class),
            new RootCommand.Subcommand("resolve", Resolve.class), new RootCommand.Subcommand("note", Note.class),
            new RootCommand.Subcommand("assign", Assign.class), new RootCommand.Subcommand("escalate", Escalate.class),
            new RootCommand.Subcommand("log-time", IncidentLogTime.class), new RootCommand.Subcommand("update", IncidentPublicUpdate.class));

    @ParentCommand
    RootCommand root;

    Environment environment() {
        return root.environment();
    }

    static String requireId(String text) {
        return IncidentId.parse(text).map(IncidentId::toString).orElseThrow(() ->
                CliFailure.invalid("not an incident id: '" + text + "' (expected INC-YYYYMMDD-NNN)"));
    }

    static Severity requireSeverity(String text) {
        return Severity.parse(text).orElseThrow(() ->
                CliFailure.invalid("unknown severity '" + text + "' (use " + Severity.accepted() + ")"));
    }

    static IncidentStatus requireStatus(String text) {
        return IncidentStatus.parse(text).orElseThrow(() ->
                CliFailure.invalid("unknown status '" + text + "' (use " + IncidentStatus.accepted() + ")"));
    }

    /** Common to the commands that change an incident: config, actor, and the update itself. */
    abstract static class Mutation implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        IncidentCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--by", paramLabel = "NAME", description = "Who is doing this (default: $FIREBREAK_USER, else $USER).")
        String by;

        String actor() {
            return by == null || by.isBlank() ? parent.environment().defaultActor() : by.strip();
        }

        /** Runs one change and prints {@code message} of the result; fails with exit 1 if refused. */
        int change(String rawId, String what, Function<Incident, Change> decision, Function<IncidentStore.Update.Updated, String> message) {
            return change(rawId, what, decision, message, false);
        }

        /** As above, and when {@code falsePositive} the incident is flagged as one in the change's transaction. */
        int change(String rawId, String what, Function<Incident, Change> decision, Function<IncidentStore.Update.Updated, String> message,
                   boolean falsePositive) {
            String id = requireId(rawId);
            try (Session session = Session.open(config, parent.environment(), parent.root.out())) {
                IncidentStore.Update update = session.incidents.update(id, decision, falsePositive);
                return switch (update) {
                    case IncidentStore.Update.NotFound notFound -> throw CliFailure.invalid("no incident " + notFound.id());
                    case IncidentStore.Update.Rejected rejected -> throw CliFailure.invalid("cannot " + what + " " + id + ": " + rejected.reason());
                    case IncidentStore.Update.Updated updated -> {
                        parent.root.out().println(message.apply(updated));
                        session.drain();
                        yield ExitCode.OK;
                    }
                };
            }
        }

        Instant now() {
            return parent.environment().clock().instant();
        }
    }

    @Command(name = "list", description = "List incidents, newest first.", mixinStandardHelpOptions = true)
    static final class ListIncidents implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        IncidentCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--status", paramLabel = "S", description = "Only this status: TRIGGERED|ACKNOWLEDGED|INVESTIGATING|IDENTIFIED|MONITORING|RESOLVED|POSTMORTEM|CLOSED.")
        String status;

        @Option(names = "--severity", paramLabel = "S", description = "Only this severity: CRITICAL|HIGH|MEDIUM|LOW or SEV1..SEV4.")
        String severity;

        @Option(names = "--open", description = "Only incidents that are not resolved yet.")
        boolean open;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N incidents (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            var query = new IncidentQuery(Optional.ofNullable(status).map(IncidentCommand::requireStatus),
                    Optional.ofNullable(severity).map(IncidentCommand::requireSeverity), Optional.empty(), open, limit);
            if (limit < 1) {
                throw CliFailure.invalid("--limit must be at least 1");
            }
            try (Session session = Session.forReading(config, parent.environment())) {
                List<Incident> incidents = session.incidents.list(query);
                var out = parent.root.out();
                if (json) {
                    out.println(Output.json(incidents.stream().map(Output::incidentJson).toList()));
                } else if (incidents.isEmpty()) {
                    out.println("No incidents.");
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (Incident incident : incidents) {
                        rows.add(List.of(incident.id(), incident.severity().sev(), incident.status().name(),
                                incident.service().isEmpty() ? "-" : incident.service(), Output.time(incident.detected()), incident.title()));
                    }
                    out.print(Output.table(List.of("ID", "SEV", "STATUS", "SERVICE", "DETECTED", "TITLE"), rows));
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "show", description = "Show one incident and its full timeline.", mixinStandardHelpOptions = true)
    static final class Show implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        IncidentCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            String incidentId = requireId(id);
            try (Session session = Session.forReading(config, parent.environment())) {
                Incident incident = session.incidents.find(incidentId).orElseThrow(() -> CliFailure.invalid("no incident " + incidentId));
                List<IncidentEvent> timeline = session.incidents.timeline(incidentId);
                if (json) {
                    Map<String, Object> out = new LinkedHashMap<>(Output.incidentJson(incident));
                    out.put("timeline", timeline.stream().map(Output::eventJson).toList());
                    parent.root.out().println(Output.json(out));
                } else {
                    parent.root.out().print(Output.detail(incident, timeline));
                    var muted = io.firebreak.core.mute.Muting.check(incident,
                            session.silences.list(parent.environment().clock().instant(), false), List.of(), List.of(),
                            parent.environment().clock().instant());
                    muted.ifPresent(m -> parent.root.out().println("\nNotifications held back: " + m.reason()));
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "open", description = "Declare an incident by hand; prints its id.", mixinStandardHelpOptions = true)
    static final class Open extends Mutation {
        @Option(names = "--title", required = true, paramLabel = "T", description = "What is wrong, in a few words.")
        String title;

        @Option(names = "--severity", required = true, paramLabel = "S", description = "CRITICAL|HIGH|MEDIUM|LOW (or SEV1..SEV4).")
        String severity;

        @Option(names = "--service", paramLabel = "X", description = "The affected service.")
        String service;

        @Option(names = "--runbook", paramLabel = "PATH", description = "The runbook to follow.")
        String runbook;

        @Option(names = "--label", paramLabel = "K=V", description = "A label; repeat for more.")
        Map<String, String> labels;

        @Override
        public Integer call() {
            Severity parsed = requireSeverity(severity);
            if (title.isBlank()) {
                throw CliFailure.invalid("--title must not be empty");
            }
            var spec = new NewIncident(title, parsed, service, "manual", labels, runbook, null);
            try (Session session = Session.open(config, parent.environment(), parent.root.out())) {
                Incident incident = session.incidents.open(spec, actor(), now());
                parent.root.out().println(incident.id());
                session.drain();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "ack", description = "Acknowledge an incident: someone is on it.", mixinStandardHelpOptions = true)
    static final class Ack extends Mutation {
        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Override
        public Integer call() {
            return change(id, "acknowledge", incident -> IncidentLifecycle.acknowledge(incident, actor(), now()),
                    updated -> updated.incident().id() + " acknowledged by " + actor()
                            + " (time to acknowledge " + Output.duration(updated.incident().timeToAcknowledge()) + ")");
        }
    }

    @Command(name = "status", description = "Move an incident to another status.", mixinStandardHelpOptions = true)
    static final class Status extends Mutation {
        @Parameters(index = "0", paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Parameters(index = "1", paramLabel = "STATUS", description = "INVESTIGATING|IDENTIFIED|MONITORING|RESOLVED|POSTMORTEM|CLOSED, or TRIGGERED to re-open.")
        String status;

        @Option(names = {"-m", "--message"}, required = true, paramLabel = "M", description = "What changed, for the timeline.")
        String message;

        @Override
        public Integer call() {
            IncidentStatus target = requireStatus(status);
            return change(id, "move", incident -> IncidentLifecycle.changeStatus(incident, target, message, actor(), now()),
                    updated -> updated.incident().id() + " is now " + updated.incident().status());
        }
    }

    @Command(name = "resolve", description = "Resolve an incident.", mixinStandardHelpOptions = true)
    static final class Resolve extends Mutation {
        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Option(names = {"-m", "--message"}, paramLabel = "M", description = "How it was resolved, for the timeline.")
        String message;

        @Option(names = "--false-positive", description = "Nothing was wrong (a noisy rule): counts in the report's false-positive rate.")
        boolean falsePositive;

        @Override
        public Integer call() {
            String text = falsePositive ? "False positive" + (message == null || message.isBlank() ? "" : ": " + message.strip()) : message;
            return change(id, "resolve", incident -> IncidentLifecycle.resolve(incident, text, actor(), now()),
                    updated -> updated.incident().id() + " resolved by " + actor() + (falsePositive ? " as a false positive" : "")
                            + " (time to resolve " + Output.duration(updated.incident().timeToResolve()) + ")",
                    falsePositive);
        }
    }

    @Command(name = "note", description = "Add a note to an incident's timeline.", mixinStandardHelpOptions = true)
    static final class Note extends Mutation {
        @Parameters(index = "0", paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Parameters(index = "1..*", paramLabel = "TEXT", description = "The note.")
        List<String> text;

        @Override
        public Integer call() {
            String note = String.join(" ", text);
            return change(id, "add a note to", incident -> IncidentLifecycle.note(incident, note, actor(), now()),
                    updated -> "note added to " + updated.incident().id());
        }
    }

    @Command(name = "assign", description = "Name the incident commander or add a responder.", mixinStandardHelpOptions = true)
    static final class Assign extends Mutation {
        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Who who;

        static final class Who {
            @Option(names = "--commander", paramLabel = "NAME", description = "The incident commander.")
            String commander;

            @Option(names = "--responder", paramLabel = "NAME", description = "A responder to add.")
            String responder;
        }

        @Override
        public Integer call() {
            if (who.commander != null) {
                return change(id, "assign a commander to", incident -> IncidentLifecycle.assignCommander(incident, who.commander, actor(), now()),
                        updated -> updated.incident().id() + " commander: " + updated.incident().commander());
            }
            return change(id, "add a responder to", incident -> IncidentLifecycle.addResponder(incident, who.responder, actor(), now()),
                    updated -> updated.incident().id() + " responders: " + String.join(", ", updated.incident().responders()));
        }
    }

    @Command(name = "escalate", description = "Page the next step of the incident's escalation policy now.", mixinStandardHelpOptions = true)
    static final class Escalate extends Mutation {
        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Option(names = {"-r", "--reason"}, paramLabel = "R", description = "Why, for the timeline and the page.")
        String reason;

        @Override
        public Integer call() {
            String incident = requireId(id);
            try (Session session = Session.open(config, parent.environment(), parent.root.out())) {
                var outcome = session.escalation().escalate(session.incidents, incident, actor(), reason, now());
                return switch (outcome) {
                    case io.firebreak.server.engine.EscalationModule.Manual.NotFound missing ->
                            throw CliFailure.invalid("no incident " + missing.id());
                    case io.firebreak.server.engine.EscalationModule.Manual.Rejected rejected ->
                            throw CliFailure.invalid("cannot escalate " + incident + ": " + rejected.reason());
                    case io.firebreak.server.engine.EscalationModule.Manual.Escalated escalated -> {
                        for (IncidentEvent event : escalated.events()) {
                            parent.root.out().println(incident + " " + event.type().wireName() + ": " + event.message());
                        }
                        session.drain();
                        yield ExitCode.OK;
                    }
                };
            }
        }
    }
}
