package io.firebreak.cli;

import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.server.config.PersonConfig;
import io.firebreak.server.store.PostMortemStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak postmortem action ...}: follow-ups with an owner and a due date. They live in
 * the store; every change re-renders the post-mortem's action-items table from it.
 */
@Command(name = "action", description = "Action items: add, list, done.", mixinStandardHelpOptions = true,
        subcommands = {PostMortemActions.Add.class, PostMortemActions.ListActions.class, PostMortemActions.Done.class})
final class PostMortemActions {
    @ParentCommand
    PostMortemCommand parent;

    Environment environment() {
        return parent.root.environment();
    }

    java.io.PrintWriter out() {
        return parent.root.out();
    }

    @Command(name = "add", description = "Add an action item; prints its number.", mixinStandardHelpOptions = true)
    static final class Add implements Callable<Integer> {
        @ParentCommand
        PostMortemActions parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR", description = "The post-mortems directory (default: postmortems.dir of the config).")
        Path dir;

        @Parameters(index = "0", paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Parameters(index = "1", paramLabel = "DESCRIPTION", description = "What will be done (specific and measurable).")
        String description;

        @Option(names = "--priority", required = true, paramLabel = "P", description = "P0|P1|P2|P3.")
        String priority;

        @Option(names = "--owner", required = true, paramLabel = "NAME", description = "Who owns it: a person from `people` when people are configured.")
        String owner;

        @Option(names = "--due", required = true, paramLabel = "YYYY-MM-DD", description = "The due date (UTC), today or later.")
        String due;

        @Option(names = "--tracker", paramLabel = "URL", description = "The issue in the tracker (http or https).")
        String tracker;

        @Override
        public Integer call() {
            String incidentId = IncidentCommand.requireId(id);
            var environment = parent.environment();
            try (Session session = Session.open(config, environment, parent.out())) {
                var postMortems = PostMortemCommand.postMortems(session, dir, environment);
                ActionItem item = PostMortemCommand.run(() -> postMortems.addAction(incidentId, priority, description, owner, due, tracker,
                        environment.clock().instant()));
                parent.out().println(incidentId + " action " + item.number() + " added: " + item.priority() + " " + item.owner() + " due " + item.due());
                return ExitCode.OK;
            }
        }

    }

    @Command(name = "list", description = "Action items of one incident, or of all.", mixinStandardHelpOptions = true)
    static final class ListActions implements Callable<Integer> {
        @ParentCommand
        PostMortemActions parent;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "The incident (default: all).")
        String id;

        @Option(names = "--overdue", description = "Only open items past their due date.")
        boolean overdue;

        @Override
        public Integer call() {
            Optional<String> incidentId = Optional.ofNullable(id).map(IncidentCommand::requireId);
            var environment = parent.environment();
            LocalDate today = LocalDate.ofInstant(environment.clock().instant(), ZoneOffset.UTC);
            try (Session session = Session.open(config, environment, parent.out())) {
                List<List<String>> rows = new ArrayList<>();
                for (ActionItem item : new PostMortemStore(session.database).actions(incidentId)) {
                    if (overdue && !item.overdue(today)) {
                        continue;
                    }
                    rows.add(List.of(item.incidentId(), String.valueOf(item.number()), item.priority().name(),
                            item.status().name() + (item.overdue(today) ? " OVERDUE" : ""), item.due().toString(), item.owner(),
                            item.description(), item.trackerUrl().isEmpty() ? "-" : item.trackerUrl()));
                }
                if (rows.isEmpty()) {
                    parent.out().println(overdue ? "No overdue action items." : "No action items.");
                } else {
                    parent.out().print(Output.table(List.of("INCIDENT", "#", "PRIO", "STATUS", "DUE", "OWNER", "DESCRIPTION", "TRACKER"), rows));
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "done", description = "Close an action item (--reopen opens it again).", mixinStandardHelpOptions = true)
    static final class Done implements Callable<Integer> {
        @ParentCommand
        PostMortemActions parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR", description = "The post-mortems directory (default: postmortems.dir of the config).")
        Path dir;

        @Option(names = "--reopen", description = "Set it back to OPEN.")
        boolean reopen;

        @Parameters(index = "0", paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Parameters(index = "1", paramLabel = "N", description = "The action item's number.")
        int number;

        @Override
        public Integer call() {
            String incidentId = IncidentCommand.requireId(id);
            var environment = parent.environment();
            try (Session session = Session.open(config, environment, parent.out())) {
                var status = reopen ? ActionItem.Status.OPEN : ActionItem.Status.DONE;
                var postMortems = PostMortemCommand.postMortems(session, dir, environment);
                PostMortemCommand.run(() -> {
                    postMortems.setActionStatus(incidentId, number, status, environment.clock().instant());
                    return status;
                });
                parent.out().println(incidentId + " action " + number + " is " + status);
                return ExitCode.OK;
            }
        }
    }
}
