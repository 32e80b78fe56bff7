package io.firebreak.cli;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.postmortem.PostMortemFiles;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.PostMortemStore;
import io.firebreak.core.postmortem.PostMortemDue;
import io.firebreak.core.postmortem.PostMortemState;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.time.Durations;
import io.firebreak.server.store.IncidentQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak postmortem ...}: post-mortem documents filled from the incident's own record,
 * replacing the seed's blank {@code make post-mortem} file.
 */
@Command(name = "postmortem", description = "Post-mortem documents filled from the incident's record.", mixinStandardHelpOptions = true,
        subcommands = {PostMortemCommand.New.class, PostMortemCommand.Render.class, PostMortemCommand.Review.class,
            PostMortemCommand.Publish.class, PostMortemCommand.ListPostMortems.class, PostMortemActions.class})
final class PostMortemCommand {
    @ParentCommand
    RootCommand root;

    /** The documents' directory: {@code --dir} (relative to the working directory), else {@code postmortems.dir} (relative to the config). */
    static PostMortemFiles files(LoadedConfig config, Path dirOption, Environment environment) {
        Path dir = dirOption != null ? environment.workingDir().resolve(dirOption).normalize()
                : config.baseDir().resolve(config.config().postmortems().dir()).normalize();
        return new PostMortemFiles(dir, config.baseDir());
    }

    @Command(name = "new", description = "Write a draft to <postmortems.dir>/INC-YYYYMMDD-NNN-<slug>.md from the incident's record.",
            mixinStandardHelpOptions = true)
    static final class New implements Callable<Integer> {
        @ParentCommand
        PostMortemCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR", description = "The post-mortems directory (default: postmortems.dir of the config).")
        Path dir;

        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Option(names = "--title", paramLabel = "T", description = "The document's title (default: the incident's title).")
        String title;

        @Option(names = "--force", description = "Write a draft even though the incident is still open.")
        boolean force;

        @Option(names = "--by", paramLabel = "NAME", description = "Who is doing this (default: $FIREBREAK_USER, else $USER).")
        String by;

        @Override
        public Integer call() {
            String incidentId = IncidentCommand.requireId(id);
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                String actor = by == null || by.isBlank() ? environment.defaultActor() : by.strip();
                var postMortems = postMortems(session, dir, environment);
                Path file = run(() -> postMortems.create(incidentId, title, force, actor, environment.clock().instant()));
                session.drain();
                parent.root.out().println("Created: " + postMortems.display(file));
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "render", description = "Refresh the generated parts (metadata, timeline, action items); what people wrote stays.",
            mixinStandardHelpOptions = true)
    static final class Render implements Callable<Integer> {
        @ParentCommand
        PostMortemCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR", description = "The post-mortems directory (default: postmortems.dir of the config).")
        Path dir;

        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Override
        public Integer call() {
            String incidentId = IncidentCommand.requireId(id);
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                var postMortems = postMortems(session, dir, environment);
                Path file = run(() -> postMortems.render(incidentId));
                parent.root.out().println("Rendered: " + postMortems.display(file));
                return ExitCode.OK;
            }
        }
    }


    /** The post-mortems of this session, with the documents in {@code --dir} or {@code postmortems.dir}. */
    static io.firebreak.server.postmortem.PostMortems postMortems(Session session, Path dirOption, Environment environment) {
        return new io.firebreak.server.postmortem.PostMortems(session.config.config(), files(session.config, dirOption, environment),
                session.incidents, new PostMortemStore(session.database), environment.workingDir());
    }

    /** Runs a post-mortem operation, turning its refusals into the CLI's invalid-input failure. */
    static <T> T run(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (io.firebreak.server.postmortem.PostMortems.Invalid e) {
            throw CliFailure.invalid(option(e.field()) + ": " + e.getMessage());
        } catch (io.firebreak.server.postmortem.PostMortems.NotFound | io.firebreak.server.postmortem.PostMortems.Conflict e) {
            throw CliFailure.invalid(e.getMessage());
        }
    }

    /** The CLI's name of a field the API names: {@code due} is {@code --due}, {@code tracker_url} is {@code --tracker}. */
    static String option(String field) {
        return switch (field) {
            case "description" -> "DESCRIPTION";
            case "tracker_url" -> "--tracker";
            default -> "--" + field;
        };
    }

    /** Changes the post-mortem's state; publishing closes the incident. */
    abstract static class StateChange implements Callable<Integer> {
        @ParentCommand
        PostMortemCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR", description = "The post-mortems directory (default: postmortems.dir of the config).")
        Path dir;

        @Option(names = "--by", paramLabel = "NAME", description = "Who is doing this (default: $FIREBREAK_USER, else $USER).")
        String by;

        @Parameters(paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        abstract PostMortemState target();

        @Override
        public Integer call() {
            String incidentId = IncidentCommand.requireId(id);
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                String actor = by == null || by.isBlank() ? environment.defaultActor() : by.strip();
                var postMortems = postMortems(session, dir, environment);
                if (!run(() -> postMortems.setState(incidentId, target(), actor, environment.clock().instant()))) {
                    parent.root.out().println(incidentId + " post-mortem is already " + target());
                    return ExitCode.OK;
                }
                session.drain();
                parent.root.out().println(incidentId + " post-mortem is now " + target());
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "review", description = "Mark the post-mortem as in review.", mixinStandardHelpOptions = true)
    static final class Review extends StateChange {
        @Override
        PostMortemState target() {
            return PostMortemState.IN_REVIEW;
        }
    }

    @Command(name = "publish", description = "Publish the post-mortem; the incident moves to CLOSED.", mixinStandardHelpOptions = true)
    static final class Publish extends StateChange {
        @Override
        PostMortemState target() {
            return PostMortemState.PUBLISHED;
        }
    }

    @Command(name = "list", description = "Post-mortems owed and written: state and due date.", mixinStandardHelpOptions = true)
    static final class ListPostMortems implements Callable<Integer> {
        @ParentCommand
        PostMortemCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--overdue", description = "Only those past their due date and not published.")
        boolean overdue;

        @Override
        public Integer call() {
            var environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                List<PostMortemDue.Obligation> obligations = obligations(session);
                var now = environment.clock().instant();
                Map<String, PostMortemStore.PostMortem> records = new PostMortemStore(session.database).list().stream()
                        .collect(Collectors.toMap(PostMortemStore.PostMortem::incidentId, p -> p));
                List<List<String>> rows = new ArrayList<>();
                for (var obligation : obligations) {
                    if (overdue && !obligation.overdue(now)) {
                        continue;
                    }
                    Incident incident = obligation.incident();
                    var record = Optional.ofNullable(records.get(incident.id()));
                    rows.add(List.of(incident.id(), incident.severity().sev(), obligation.state().map(Enum::name).orElse("MISSING"),
                            Output.time(obligation.due()) + (obligation.overdue(now) ? " OVERDUE" : ""),
                            incident.commander().isEmpty() ? "-" : incident.commander(),
                            record.map(PostMortemStore.PostMortem::path).orElse("-")));
                }
                if (rows.isEmpty()) {
                    parent.root.out().println(overdue ? "No overdue post-mortems." : "No post-mortems.");
                } else {
                    parent.root.out().print(Output.table(List.of("INCIDENT", "SEV", "STATE", "DUE", "COMMANDER", "DOCUMENT"), rows));
                }
                return ExitCode.OK;
            }
        }
    }

    /** Every resolved incident that owes a post-mortem or has one, newest first. */
    static List<PostMortemDue.Obligation> obligations(Session session) {
        return io.firebreak.server.postmortem.PostMortems.of(session.config, session.incidents, new PostMortemStore(session.database))
                .obligations();
    }

    static String displayPath(Path workingDir, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = workingDir.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
