package io.firebreak.cli;

import io.firebreak.core.time.Durations;
import io.firebreak.server.config.DrillConfig;
import io.firebreak.server.recovery.Drills;
import io.firebreak.server.store.DrillStore;
import io.firebreak.server.store.RecoveryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak drill record|list}: the testing schedule ({@code drills:}) with its runs. */
@Command(name = "drill", mixinStandardHelpOptions = true, description = "The drill calendar: record a drill run, list drills with their last run and next due date.",
        subcommands = {DrillCommand.Record.class, DrillCommand.ListDrills.class})
final class DrillCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "record", mixinStandardHelpOptions = true, description = "Record a run of drill NAME.")
    static final class Record implements Callable<Integer> {
        @ParentCommand
        DrillCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--result", required = true, description = "pass or fail")
        String result;

        @Option(names = "--duration", description = "how long it took, e.g. 45m")
        String duration;

        @Option(names = "--note", description = "what was found")
        String note = "";

        @Override
        public Integer call() {
            var environment = parent.root.environment();
            if (!result.equals("pass") && !result.equals("fail")) {
                throw new CliFailure(ExitCode.USAGE, List.of("--result must be pass or fail, was '" + result + "'"));
            }
            Optional<Duration> took = Optional.empty();
            if (duration != null) {
                took = Optional.of(Durations.parse(duration).orElseThrow(() -> new CliFailure(ExitCode.USAGE,
                        List.of("--duration: not a duration '" + duration + "' (use 45m, 2h)"))));
            }
            try (Session session = Session.open(config, environment, parent.root.out())) {
                if (session.config.config().drills().stream().noneMatch(d -> d.name().equals(name))) {
                    throw new CliFailure(ExitCode.USAGE, List.of("no drill '" + name + "' (drills: "
                            + session.config.config().drills().stream().map(DrillConfig::name).toList() + ")"));
                }
                String by = environment.variables().apply("USER");
                var run = new DrillStore(session.database).record(name, result.equals("pass"), took, note,
                        by == null || by.isBlank() ? "cli" : by, "record", environment.clock().instant());
                parent.root.out().println("Recorded " + run.id() + ": " + name + " " + result);
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Drills with their owner, last run and next due date; exit 1 with --overdue when any is overdue.")
    static final class ListDrills implements Callable<Integer> {
        @ParentCommand
        DrillCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--overdue", description = "only the overdue drills")
        boolean overdueOnly;

        @Override
        public Integer call() {
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                Instant now = environment.clock().instant();
                var calendar = new Drills(session.config.config(), new DrillStore(session.database), new RecoveryStore(session.database)).calendar(now);
                List<List<String>> rows = new ArrayList<>();
                boolean anyOverdue = false;
                for (Drills.Entry entry : calendar) {
                    anyOverdue |= entry.overdue();
                    if (overdueOnly && !entry.overdue()) {
                        continue;
                    }
                    rows.add(List.of(entry.drill().name(), Durations.format(entry.drill().every()), entry.drill().owner(),
                            entry.lastRun().map(Output::time).orElse("never")
                                    + entry.lastPassed().map(passed -> passed ? " (pass)" : " (fail)").orElse(""),
                            entry.nextDue().map(Output::time).orElse("now"), entry.overdue() ? "OVERDUE" : "ok"));
                }
                parent.root.out().print(rows.isEmpty() ? "No drills" + (overdueOnly ? " overdue.\n" : " configured (drills:).\n")
                        : Output.table(List.of("DRILL", "EVERY", "OWNER", "LAST RUN", "NEXT DUE", "STATE"), rows));
                return overdueOnly && anyOverdue ? ExitCode.INVALID : ExitCode.OK;
            }
        }
    }
}
