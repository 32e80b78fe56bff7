package io.firebreak.cli;

import io.firebreak.server.config.ProcedureConfig;
import io.firebreak.server.store.ChecklistStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak recover start|next|status}: a configured recovery procedure as a timed checklist on an incident. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Run a recovery procedure (procedures:) as a timed checklist on an incident; each step's start and end go into the timeline.",
        subcommands = {RecoverCommand.Start.class, RecoverCommand.Next.class, RecoverCommand.Status.class})
final class RecoverCommand {
    @ParentCommand
    RootCommand root;

    static String actor(RootCommand root) {
        String user = root.environment().variables().apply("USER");
        return user == null || user.isBlank() ? "cli" : user;
    }

    static int print(RootCommand root, ChecklistStore.Outcome outcome, Instant now) {
        if (outcome instanceof ChecklistStore.Outcome.Refused refused) {
            throw new CliFailure(ExitCode.INVALID, List.of(refused.reason()));
        }
        var done = (ChecklistStore.Outcome.Done) outcome;
        done.events().forEach(event -> root.out().println(event.message()));
        root.out().println();
        root.out().print(table(done.steps(), now));
        return ExitCode.OK;
    }

    static String table(List<ChecklistStore.Step> steps, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        for (ChecklistStore.Step step : steps) {
            String state = step.finished().isPresent() ? "done" : step.started().isPresent() ? "running" : "-";
            rows.add(List.of(Integer.toString(step.number()), step.title(), ChecklistStore.minutes(step.planned()),
                    step.actual(now).map(ChecklistStore::minutes).orElse("-"), state, step.note()));
        }
        return Output.table(List.of("STEP", "TITLE", "PLANNED", "ACTUAL", "STATE", "NOTE"), rows);
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start PROCEDURE on INC-ID: its first step starts now.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        RecoverCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "PROCEDURE")
        String procedure;

        @Parameters(index = "1", paramLabel = "INC-ID")
        String incident;

        @Override
        public Integer call() {
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                ProcedureConfig chosen = session.config.config().procedures().stream().filter(p -> p.name().equals(procedure)).findFirst()
                        .orElseThrow(() -> new CliFailure(ExitCode.USAGE, List.of("no procedure '" + procedure + "' (procedures: "
                                + session.config.config().procedures().stream().map(ProcedureConfig::name).toList() + ")")));
                Instant now = environment.clock().instant();
                return print(parent.root, new ChecklistStore(session.database, session.incidents).start(incident, chosen, actor(parent.root), now), now);
            }
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true, description = "Finish the running step of INC-ID's checklist and start the next.")
    static final class Next implements Callable<Integer> {
        @ParentCommand
        RecoverCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "INC-ID")
        String incident;

        @Option(names = "--note", description = "what happened in the step (goes into the timeline)")
        String note = "";

        @Override
        public Integer call() {
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                Instant now = environment.clock().instant();
                return print(parent.root, new ChecklistStore(session.database, session.incidents).next(incident, note, actor(parent.root), now), now);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The checklist of INC-ID: planned and actual time per step.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        RecoverCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "INC-ID")
        String incident;

        @Override
        public Integer call() {
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                var steps = new ChecklistStore(session.database, session.incidents).steps(incident);
                if (steps.isEmpty()) {
                    parent.root.out().println("No recovery procedure runs on " + incident + ".");
                    return ExitCode.OK;
                }
                parent.root.out().print(table(steps, environment.clock().instant()));
                return ExitCode.OK;
            }
        }
    }
}
