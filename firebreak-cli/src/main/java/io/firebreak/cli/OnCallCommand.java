package io.firebreak.cli;

import io.firebreak.core.oncall.HoursReport;
import io.firebreak.core.oncall.OnCall;
import io.firebreak.core.oncall.PersonHours;
import io.firebreak.core.oncall.Schedule;
import io.firebreak.core.oncall.Shift;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.PersonConfig;
import io.firebreak.server.oncall.HandoffNotes;
import io.firebreak.server.oncall.OnCallService;
import io.firebreak.server.store.OnCallNote;
import io.firebreak.server.store.OnCallStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak oncall now|schedule|override|handoff|note|hours}: the on-call rotation from a terminal. */
@Command(name = "oncall", mixinStandardHelpOptions = true,
        description = "Who is on call, the rotation, overrides, handoff notes, on-call hours and compensation.",
        subcommands = {OnCallCommand.Now.class, OnCallCommand.ScheduleTable.class, OnCallCommand.OverrideCommand.class,
            OnCallCommand.Handoff.class, OnCallCommand.Note.class, OnCallCommand.Hours.class})
final class OnCallCommand {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", java.util.Locale.ROOT);

    @ParentCommand
    RootCommand root;

    /** The on-call service over this command's session. */
    static OnCallService service(Session session) {
        return new OnCallService(session.config.config(), new OnCallStore(session.database), session.incidents);
    }

    static Instant time(String option, String text, ZoneId zone) {
        return OnCallService.parseTime(text, zone).orElseThrow(() -> CliFailure.invalid(option + ": not a time: '" + text
                + "' (2026-11-04T09:00 in the schedule's zone, or 2026-11-04T08:00:00Z)"));
    }

    static Schedule requireSchedule(OnCallService onCall, String name) {
        return onCall.schedule(name).orElseThrow(() -> CliFailure.invalid("unknown schedule '" + name + "' (configured: "
                + String.join(", ", onCall.schedules().stream().map(Schedule::name).toList()) + ")"));
    }

    static List<Schedule> selected(OnCallService onCall, String name) {
        if (name != null) {
            return List.of(requireSchedule(onCall, name));
        }
        if (onCall.schedules().isEmpty()) {
            throw CliFailure.invalid("no schedules configured: add people: and schedules: to the configuration (see docs/ON-CALL-GUIDE.md)");
        }
        return onCall.schedules();
    }

    static String local(Instant instant, ZoneId zone) {
        return LOCAL.format(instant.atZone(zone));
    }

    @Command(name = "now", mixinStandardHelpOptions = true, description = "Who is on call now (or --at TIME), per schedule, and how to reach them.")
    static final class Now implements Callable<Integer> {
        @ParentCommand
        OnCallCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--at", paramLabel = "TIME", description = "Another moment: 2026-11-04T08:00:00Z (or local time, read as UTC).")
        String at;

        @Option(names = "--schedule", paramLabel = "S", description = "Only this schedule.")
        String schedule;

        @Override
        public Integer call() {
            Instant when = at == null ? parent.root.environment().clock().instant() : time("--at", at, ZoneOffset.UTC);
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                OnCallService onCall = service(session);
                List<List<String>> rows = new ArrayList<>();
                for (Schedule s : selected(onCall, schedule)) {
                    List<PersonConfig> people = onCall.onCall(s.name(), when);
                    String names = people.isEmpty() ? "nobody" : String.join(" + ", people.stream().map(PersonConfig::name).toList());
                    String contact = String.join("; ", people.stream().map(OnCallCommand::contact).toList());
                    rows.add(List.of(s.name(), names, local(OnCall.nextHandoff(s, when), s.zone()) + " " + s.zone(), contact.isEmpty() ? "-" : contact));
                }
                parent.root.out().println("On call at " + Output.time(when) + ":");
                parent.root.out().print(Output.table(List.of("SCHEDULE", "ON CALL", "UNTIL", "CONTACT"), rows));
                return ExitCode.OK;
            }
        }
    }

    static String contact(PersonConfig person) {
        List<String> parts = new ArrayList<>();
        if (!person.email().isEmpty()) {
            parts.add(person.email());
        }
        if (!person.slack().isEmpty()) {
            parts.add("slack " + person.slack());
        }
        if (!person.phone().isEmpty()) {
            parts.add(person.phone());
        }
        return String.join(", ", parts);
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true, description = "The shifts of the coming weeks per schedule (role), overrides applied.")
    static final class ScheduleTable implements Callable<Integer> {
        @ParentCommand
        OnCallCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--weeks", paramLabel = "N", defaultValue = "4", description = "How many weeks (default: ${DEFAULT-VALUE}).")
        int weeks;

        @Option(names = "--schedule", paramLabel = "S", description = "Only this schedule.")
        String schedule;

        @Override
        public Integer call() {
            if (weeks < 1 || weeks > 52) {
                throw CliFailure.invalid("--weeks: a number from 1 to 52");
            }
            Instant now = parent.root.environment().clock().instant();
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                OnCallService onCall = service(session);
                boolean first = true;
                for (Schedule s : selected(onCall, schedule)) {
                    Instant from = OnCall.previousHandoff(s, now);
                    from = from.isAfter(now) ? now : from;
                    List<List<String>> rows = new ArrayList<>();
                    for (Shift shift : onCall.shifts(s, from, from.plus(Duration.ofDays(7L * weeks)))) {
                        rows.add(List.of(local(shift.start(), s.zone()), local(shift.end(), s.zone()),
                                shift.person() + (shift.covering() ? " (override)" : "")));
                    }
                    if (!first) {
                        parent.root.out().println();
                    }
                    first = false;
                    parent.root.out().println(s.name() + " (" + s.zone() + ", " + rotation(s) + ")");
                    parent.root.out().print(rows.isEmpty() ? "  nobody on call in these weeks\n"
                            : Output.table(List.of("FROM", "TO", "ON CALL"), rows));
                }
                return ExitCode.OK;
            }
        }
    }

    static String rotation(Schedule schedule) {
        var rotation = schedule.rotation();
        String unit = switch (rotation.unit()) {
            case HOURS -> "h";
            case DAYS -> "d";
            case WEEKS -> "w";
        };
        String day = rotation.handoffDay() == null ? "" : rotation.handoffDay().name().substring(0, 3) + " ";
        return "every " + rotation.count() + unit + ", handoff " + day + rotation.handoffTime() + ", from " + rotation.start();
    }

    @Command(name = "override", mixinStandardHelpOptions = true, description = "Swaps, cover and time off: overrides of a schedule for a span.",
            subcommands = {OverrideCommand.Add.class, OverrideCommand.ListOverrides.class, OverrideCommand.Remove.class})
    static final class OverrideCommand {
        @ParentCommand
        OnCallCommand parent;

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = {"Add an override; prints its id.", "--person P alone: P is on call as well.",
                    "--person P --replaces Q: P instead of Q.  --remove Q: nobody instead of Q."})
        static final class Add implements Callable<Integer> {
            @ParentCommand
            OverrideCommand parent;

            @Mixin
            ConfigOption config;

            @Option(names = "--schedule", required = true, paramLabel = "S", description = "The schedule (role).")
            String schedule;

            @Option(names = "--person", paramLabel = "P", description = "Who is on call.")
            String person;

            @ArgGroup(exclusive = true)
            Instead instead;

            static final class Instead {
                @Option(names = "--replaces", paramLabel = "Q", description = "Who P replaces.")
                String replaces;

                @Option(names = "--remove", paramLabel = "Q", description = "Who is taken off, with nobody in their place.")
                String remove;
            }

            @Option(names = "--from", required = true, paramLabel = "TIME", description = "Start: 2026-11-04T09:00 (the schedule's zone) or 2026-11-04T08:00:00Z.")
            String from;

            @Option(names = "--to", required = true, paramLabel = "TIME", description = "End, excluded.")
            String to;

            @Option(names = "--by", paramLabel = "NAME", description = "Who (default: $FIREBREAK_USER, else $USER).")
            String by;

            @Override
            public Integer call() {
                var environment = parent.parent.root.environment();
                Instant now = environment.clock().instant();
                try (Session session = Session.open(config, environment, parent.parent.root.out())) {
                    OnCallService onCall = service(session);
                    ZoneId zone = requireSchedule(onCall, schedule).zone();
                    var kind = instead == null ? io.firebreak.core.oncall.Override.Kind.ADD
                            : instead.remove != null ? io.firebreak.core.oncall.Override.Kind.REMOVE : io.firebreak.core.oncall.Override.Kind.REPLACE;
                    String replaced = instead == null ? null : instead.remove != null ? instead.remove : instead.replaces;
                    var request = new OnCallService.OverrideRequest(schedule, kind, person, replaced, time("--from", from, zone),
                            time("--to", to, zone), by == null || by.isBlank() ? environment.defaultActor() : by.strip());
                    return switch (onCall.addOverride(request, now)) {
                        case OnCallService.OverrideOutcome.Added added -> {
                            parent.parent.root.out().println(added.override().id() + ": " + added.override().describe() + " in " + schedule
                                    + ", " + local(added.override().startsAt(), zone) + " to " + local(added.override().endsAt(), zone) + " " + zone);
                            yield ExitCode.OK;
                        }
                        case OnCallService.OverrideOutcome.Invalid invalid -> throw CliFailure.invalid("--" + option(invalid.field()) + ": " + invalid.message());
                        case OnCallService.OverrideOutcome.Conflict conflict -> throw CliFailure.invalid("refused: " + conflict.message());
                    };
                }
            }

            private static String option(String field) {
                return switch (field) {
                    case "starts_at" -> "from";
                    case "ends_at" -> "to";
                    default -> field;
                };
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Overrides that have not ended (--all: past ones too).")
        static final class ListOverrides implements Callable<Integer> {
            @ParentCommand
            OverrideCommand parent;

            @Mixin
            ConfigOption config;

            @Option(names = "--schedule", paramLabel = "S", description = "Only this schedule.")
            String schedule;

            @Option(names = "--all", description = "Include overrides that have ended.")
            boolean all;

            @Override
            public Integer call() {
                var environment = parent.parent.root.environment();
                Instant now = environment.clock().instant();
                try (Session session = Session.open(config, environment, parent.parent.root.out())) {
                    OnCallService onCall = service(session);
                    var overrides = onCall.store().overrides(Optional.ofNullable(schedule), all ? Instant.EPOCH : now,
                            Instant.parse("9999-12-31T00:00:00Z"));
                    if (overrides.isEmpty()) {
                        parent.parent.root.out().println("No overrides.");
                        return ExitCode.OK;
                    }
                    List<List<String>> rows = new ArrayList<>();
                    for (var o : overrides) {
                        ZoneId zone = onCall.schedule(o.schedule()).map(Schedule::zone).orElse(ZoneOffset.UTC);
                        rows.add(List.of(o.id(), o.schedule(), o.describe(), local(o.startsAt(), zone), local(o.endsAt(), zone), o.createdBy()));
                    }
                    parent.parent.root.out().print(Output.table(List.of("ID", "SCHEDULE", "CHANGE", "FROM", "TO", "BY"), rows));
                    return ExitCode.OK;
                }
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true,
                description = "Remove an override: one that has not started is deleted, one in force ends now (its past stays on record for hours).")
        static final class Remove implements Callable<Integer> {
            @ParentCommand
            OverrideCommand parent;

            @Mixin
            ConfigOption config;

            @Parameters(paramLabel = "ID", description = "The override, OVR-xxxxxxxx.")
            String id;

            @Override
            public Integer call() {
                var environment = parent.parent.root.environment();
                try (Session session = Session.open(config, environment, parent.parent.root.out())) {
                    return switch (service(session).store().removeOverride(id, environment.clock().instant())) {
                        case NOT_FOUND -> throw CliFailure.invalid("no override " + id);
                        case ALREADY_OVER -> throw CliFailure.invalid("override " + id + " has already ended");
                        case DELETED -> {
                            parent.parent.root.out().println(id + " deleted");
                            yield ExitCode.OK;
                        }
                        case ENDED -> {
                            parent.parent.root.out().println(id + " ended now");
                            yield ExitCode.OK;
                        }
                    };
                }
            }
        }
    }

    @Command(name = "handoff", mixinStandardHelpOptions = true,
            description = "The handoff notes (Markdown) for the handoff nearest to now: open and recent incidents, known issues, maintenance, watch-outs.")
    static final class Handoff implements Callable<Integer> {
        @ParentCommand
        OnCallCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--schedule", paramLabel = "S", description = "The schedule whose handoff this is (default: primary, else the first).")
        String schedule;

        @Override
        public Integer call() {
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                OnCallService onCall = service(session);
                if (schedule != null) {
                    requireSchedule(onCall, schedule);
                }
                parent.root.out().print(new HandoffNotes(onCall, session.incidents, session.silences)
                        .render(Optional.ofNullable(schedule), parent.root.environment().clock().instant()));
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "note", mixinStandardHelpOptions = true, description = "Notes for the handoff: watch-outs and known issues.",
            subcommands = {Note.Add.class, Note.ListNotes.class})
    static final class Note {
        @ParentCommand
        OnCallCommand parent;

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a watch-out (or --known-issue) for the next handoffs; prints its id.")
        static final class Add implements Callable<Integer> {
            @ParentCommand
            Note parent;

            @Mixin
            ConfigOption config;

            @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What to watch, or the issue and its workaround.")
            List<String> text;

            @Option(names = "--known-issue", description = "A known issue rather than a watch-out.")
            boolean knownIssue;

            @Option(names = "--for", paramLabel = "D", defaultValue = "7d", description = "How long it is shown (default: ${DEFAULT-VALUE}).")
            String duration;

            @Option(names = "--by", paramLabel = "NAME", description = "Who (default: $FIREBREAK_USER, else $USER).")
            String by;

            @Override
            public Integer call() {
                var environment = parent.parent.root.environment();
                String joined = String.join(" ", text).strip();
                if (joined.isEmpty()) {
                    throw CliFailure.invalid("the note needs some text");
                }
                Duration length = Durations.parse(duration).filter(d -> !d.isZero() && !d.isNegative())
                        .orElseThrow(() -> CliFailure.invalid("--for: not a duration: '" + duration + "' (use e.g. 7d, 2w)"));
                Instant now = environment.clock().instant();
                try (Session session = Session.open(config, environment, parent.parent.root.out())) {
                    OnCallNote note = service(session).store().addNote(knownIssue ? OnCallNote.Kind.KNOWN_ISSUE : OnCallNote.Kind.WATCH_OUT,
                            joined, by == null || by.isBlank() ? environment.defaultActor() : by.strip(), now, now.plus(length));
                    parent.parent.root.out().println(note.id());
                    return ExitCode.OK;
                }
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Notes still shown at handoffs.")
        static final class ListNotes implements Callable<Integer> {
            @ParentCommand
            Note parent;

            @Mixin
            ConfigOption config;

            @Override
            public Integer call() {
                var environment = parent.parent.root.environment();
                try (Session session = Session.open(config, environment, parent.parent.root.out())) {
                    var notes = service(session).store().notes(environment.clock().instant());
                    if (notes.isEmpty()) {
                        parent.parent.root.out().println("No notes.");
                        return ExitCode.OK;
                    }
                    List<List<String>> rows = new ArrayList<>();
                    notes.forEach(n -> rows.add(List.of(n.id(), n.kind().wireName(), Output.time(n.expires()), n.author(), n.text())));
                    parent.parent.root.out().print(Output.table(List.of("ID", "KIND", "UNTIL", "BY", "TEXT"), rows));
                    return ExitCode.OK;
                }
            }
        }
    }

    @Command(name = "hours", mixinStandardHelpOptions = true,
            description = {"On-call weeks, stipend, incident response hours and pay, comp days, per person for a month;",
                "warnings where the limits (consecutive weeks, response hours per week) were broken."})
    static final class Hours implements Callable<Integer> {
        @ParentCommand
        OnCallCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (default: this month, in compensation.timezone).")
        String month;

        @Option(names = "--format", paramLabel = "F", defaultValue = "text", description = "text, json or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            if (!List.of("text", "json", "csv").contains(format)) {
                throw CliFailure.invalid("--format: use text, json or csv");
            }
            Instant now = parent.root.environment().clock().instant();
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                OnCallService onCall = service(session);
                YearMonth selected;
                try {
                    selected = month == null ? YearMonth.from(now.atZone(onCall.compensationZone())) : YearMonth.parse(month);
                } catch (DateTimeParseException e) {
                    throw CliFailure.invalid("--month: expected YYYY-MM such as 2026-11, was '" + month + "'");
                }
                HoursReport report = onCall.hours(selected, now);
                parent.root.out().print(switch (format) {
                    case "json" -> Output.json(json(selected, report)) + "\n";
                    case "csv" -> csv(report);
                    default -> text(selected, onCall.compensationZone(), report);
                });
                return ExitCode.OK;
            }
        }

        static String text(YearMonth month, ZoneId zone, HoursReport report) {
            StringBuilder out = new StringBuilder("On-call hours " + month + " (" + zone + "), amounts in " + report.currency() + "\n");
            List<List<String>> rows = new ArrayList<>();
            for (PersonHours p : report.people()) {
                rows.add(List.of(p.person(), p.onCallWeeks().toPlainString(), p.stipend().toPlainString(), p.responseHours().toPlainString(),
                        p.hourlyRate().map(BigDecimal::toPlainString).orElse("-"), p.responsePay().toPlainString(), String.valueOf(p.compDays()),
                        p.total().toPlainString()));
            }
            out.append(Output.table(List.of("PERSON", "WEEKS", "STIPEND", "RESPONSE_H", "RATE", "RESPONSE_PAY", "COMP_DAYS", "TOTAL"), rows));
            List<String> warnings = new ArrayList<>();
            report.people().forEach(p -> p.warnings().forEach(w -> warnings.add("  " + p.person() + ": " + w)));
            if (!warnings.isEmpty()) {
                out.append("Warnings:\n").append(String.join("\n", warnings)).append('\n');
            }
            return out.toString();
        }

        static Map<String, Object> json(YearMonth month, HoursReport report) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("month", month.toString());
            out.put("from", report.from().toString());
            out.put("to", report.to().toString());
            out.put("currency", report.currency());
            List<Map<String, Object>> people = new ArrayList<>();
            for (PersonHours p : report.people()) {
                Map<String, Object> person = new LinkedHashMap<>();
                person.put("person", p.person());
                person.put("on_call_weeks", p.onCallWeeks());
                person.put("stipend", p.stipend());
                person.put("response_hours", p.responseHours());
                person.put("hourly_rate", p.hourlyRate().orElse(null));
                person.put("response_pay", p.responsePay());
                person.put("comp_days", p.compDays());
                person.put("total", p.total());
                person.put("warnings", p.warnings());
                people.add(person);
            }
            out.put("people", people);
            return out;
        }

        static String csv(HoursReport report) {
            StringBuilder out = new StringBuilder("person,on_call_weeks,stipend,response_hours,hourly_rate,response_pay,comp_days,total,currency,warnings\n");
            for (PersonHours p : report.people()) {
                out.append(String.join(",", cell(p.person()), p.onCallWeeks().toPlainString(), p.stipend().toPlainString(),
                        p.responseHours().toPlainString(), p.hourlyRate().map(BigDecimal::toPlainString).orElse(""), p.responsePay().toPlainString(),
                        String.valueOf(p.compDays()), p.total().toPlainString(), report.currency(), cell(String.join("; ", p.warnings())))).append('\n');
            }
            return out.toString();
        }

        /** A CSV cell, quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
        static String cell(String value) {
            String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
            return safe.contains(",") || safe.contains("\"") || safe.contains("\n") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
        }
    }
}
