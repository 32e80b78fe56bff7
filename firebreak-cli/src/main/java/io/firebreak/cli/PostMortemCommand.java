package io.firebreak.cli;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.postmortem.PostMortemFiles;
import io.firebreak.server.store.IncidentStore;
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
        subcommands = {PostMortemCommand.New.class, PostMortemCommand.Render.class})
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
                Incident incident = session.incidents.find(incidentId).orElseThrow(() -> CliFailure.invalid("no incident " + incidentId));
                if (incident.status().isOpen() && !force) {
                    throw CliFailure.invalid("incident " + incidentId + " is still " + incident.status()
                            + ": a post-mortem is written after resolution (resolve it first, or pass --force for an early draft)");
                }
                String chosen = title == null || title.isBlank() ? incident.title() : title.strip();
                PostMortemFiles files = files(session.config, dir, environment);
                Path file;
                try {
                    file = files.create(incident, session.incidents.timeline(incidentId), chosen);
                } catch (IllegalStateException e) {
                    throw CliFailure.invalid(e.getMessage());
                }
                String actor = by == null || by.isBlank() ? environment.defaultActor() : by.strip();
                if (incident.status() == IncidentStatus.RESOLVED) {
                    var update = session.incidents.update(incidentId, current -> IncidentLifecycle.changeStatus(current, IncidentStatus.POSTMORTEM,
                            "Post-mortem draft: " + displayPath(environment.workingDir(), file), actor, environment.clock().instant()));
                    if (update instanceof IncidentStore.Update.Updated updated) {
                        // the document shows the incident as it is now, with the POSTMORTEM move on its timeline
                        files.render(updated.incident(), session.incidents.timeline(incidentId));
                        session.drain();
                    }
                }
                parent.root.out().println("Created: " + displayPath(environment.workingDir(), file));
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
                Incident incident = session.incidents.find(incidentId).orElseThrow(() -> CliFailure.invalid("no incident " + incidentId));
                List<IncidentEvent> timeline = session.incidents.timeline(incidentId);
                Path file;
                try {
                    file = files(session.config, dir, environment).render(incident, timeline);
                } catch (IllegalStateException e) {
                    throw CliFailure.invalid(e.getMessage());
                }
                parent.root.out().println("Rendered: " + displayPath(environment.workingDir(), file));
                return ExitCode.OK;
            }
        }
    }

    static String displayPath(Path workingDir, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = workingDir.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
