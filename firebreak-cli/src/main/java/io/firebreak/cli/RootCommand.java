package io.firebreak.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code firebreak}: the root of every command. Its subcommands are not in the annotation but in
 * {@link #SUBCOMMANDS}, so that {@link Main} can build only the one a command line names: picocli
 * builds a command's model by reflection, and the whole tree costs more than most commands.
 */
@Command(name = "firebreak", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "Incident response for services monitored by Prometheus.%n"
                + "Exit codes: 0 ok, 1 invalid input or a failed check, 2 usage error, 3 a required dependency is unreachable.")
final class RootCommand {
    /** Every subcommand, in the order {@code firebreak --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, ClusterCommand.class, IncidentCommand.class, ReportCommand.class,
            DetectCommand.class, SimulateCommand.class, RulesCommand.class, RunbooksCommand.class, NotificationsCommand.class,
            NotifyCommand.class, SilenceCommand.class, ConfigCommand.class, DemoCommand.class, OnCallCommand.class, BackupCommand.class,
            RecoverCommand.class, DrillCommand.class, PostMortemCommand.class);

    private final Environment environment;
    private final PrintWriter out;
    private final PrintWriter err;

    RootCommand(Environment environment, PrintWriter out, PrintWriter err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    Environment environment() {
        return environment;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"firebreak " + (version == null ? "development" : version)};
        }
    }
}
