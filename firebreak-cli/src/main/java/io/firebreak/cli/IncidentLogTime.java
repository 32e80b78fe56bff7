package io.firebreak.cli;

import io.firebreak.core.time.Durations;
import io.firebreak.server.oncall.OnCallService;
import io.firebreak.server.store.OnCallStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak incident log-time ID 1h30m}: time spent on an incident, for {@code oncall hours};
 * it replaces the time computed from the timeline for that person and incident.
 */
@Command(name = "log-time", mixinStandardHelpOptions = true,
        description = "Log time spent on an incident (replaces the time computed from the timeline for that person in `oncall hours`).")
final class IncidentLogTime implements Callable<Integer> {
    @ParentCommand
    IncidentCommand parent;

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
    String id;

    @Parameters(index = "1", paramLabel = "DURATION", description = "How long: 45m, 1h30m.")
    String duration;

    @Option(names = "--by", paramLabel = "NAME", description = "Whose time (default: $FIREBREAK_USER, else $USER).")
    String by;

    @Option(names = "--at", paramLabel = "TIME", description = "When the work was done (default: now); sets the week and month it counts in.")
    String at;

    @Option(names = "--note", paramLabel = "TEXT", description = "What the time was spent on.")
    String note;

    @Override
    public Integer call() {
        String incident = IncidentCommand.requireId(id);
        Duration spent = Durations.parse(duration).filter(d -> !d.isZero() && !d.isNegative() && d.compareTo(Duration.ofDays(7)) <= 0)
                .orElseThrow(() -> CliFailure.invalid("not a duration between 1s and 7d: '" + duration + "' (use e.g. 1h30m)"));
        Instant now = parent.environment().clock().instant();
        Instant when = at == null ? now : OnCallService.parseTime(at, ZoneOffset.UTC)
                .orElseThrow(() -> CliFailure.invalid("--at: not a time: '" + at + "' (2026-11-04T08:00:00Z)"));
        String person = by == null || by.isBlank() ? parent.environment().defaultActor() : by.strip();
        try (Session session = Session.open(config, parent.environment(), parent.root.out())) {
            if (!new OnCallStore(session.database).logTime(incident, person, spent, when, note == null ? "" : note.strip(), now)) {
                throw CliFailure.invalid("no incident " + incident);
            }
            parent.root.out().println(incident + ": logged " + Durations.format(spent) + " for " + person);
            return ExitCode.OK;
        }
    }
}
