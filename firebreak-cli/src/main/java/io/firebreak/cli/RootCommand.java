package io.firebreak.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code firebreak}: the root of every command. */
@Command(name = "firebreak", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "Incident response for services monitored by Prometheus.%n"
                + "Exit codes: 0 ok, 1 invalid input or a failed check, 2 usage error, 3 a required dependency is unreachable.",
        subcommands = {RunCommand.class, ClusterCommand.class, IncidentCommand.class, ReportCommand.class, DetectCommand.class, SimulateCommand.class, RulesCommand.class,
            RunbooksCommand.class, NotificationsCommand.class, NotifyCommand.class, SilenceCommand.class, ConfigCommand.class, DemoCommand.class,
            OnCallCommand.class, BackupCommand.class, RecoverCommand.class, DrillCommand.class, PostMortemCommand.class})
final class RootCommand {
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
