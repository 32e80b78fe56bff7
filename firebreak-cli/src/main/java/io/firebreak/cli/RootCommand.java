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
    /**
     * A subcommand and the name it is called by (a test holds the names to the annotations), with
     * its own subcommands when they too are built only when named.
     */
    record Subcommand(String name, Class<?> type, List<Subcommand> children) {
        Subcommand(String name, Class<?> type) {
            this(name, type, List.of());
        }
    }

    /** Every subcommand, in the order {@code firebreak --help} lists them. */
    static final List<Subcommand> SUBCOMMANDS = List.of(new Subcommand("run", RunCommand.class),
            new Subcommand("cluster", ClusterCommand.class), new Subcommand("incident", IncidentCommand.class, IncidentCommand.SUBCOMMANDS),
            new Subcommand("report", ReportCommand.class), new Subcommand("detect", DetectCommand.class),
            new Subcommand("simulate", SimulateCommand.class), new Subcommand("rules", RulesCommand.class),
            new Subcommand("runbooks", RunbooksCommand.class), new Subcommand("notifications", NotificationsCommand.class),
            new Subcommand("notify", NotifyCommand.class), new Subcommand("silence", SilenceCommand.class),
            new Subcommand("config", ConfigCommand.class), new Subcommand("demo", DemoCommand.class),
            new Subcommand("oncall", OnCallCommand.class), new Subcommand("backup", BackupCommand.class),
            new Subcommand("recover", RecoverCommand.class), new Subcommand("drill", DrillCommand.class),
            new Subcommand("postmortem", PostMortemCommand.class));

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
