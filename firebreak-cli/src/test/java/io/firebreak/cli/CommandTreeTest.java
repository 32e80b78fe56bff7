package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/** Only the named subcommand is built, and what is built is the same command as in the full tree. */
class CommandTreeTest {
    @TempDir
    Path dir;

    @Test
    void subcommandNamesAreTheNamesTheirAnnotationsGive() {
        for (List<RootCommand.Subcommand> level : List.of(RootCommand.SUBCOMMANDS, IncidentCommand.SUBCOMMANDS)) {
            for (RootCommand.Subcommand subcommand : level) {
                assertThat(subcommand.type().getAnnotation(Command.class).name()).isEqualTo(subcommand.name());
            }
        }
    }

    @Test
    void aNamedCommandBuildsOnlyItsBranch() {
        var sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
        var root = new RootCommand(null, sink, sink);
        var line = Main.commandLine(root, new String[] {"incident", "ack", "INC-20261128-001"});
        assertThat(line.getSubcommands()).containsOnlyKeys("incident");
        assertThat(line.getSubcommands().get("incident").getSubcommands()).containsOnlyKeys("ack");
        assertThat(Main.commandLine(root, new String[] {"incident", "--help"}).getSubcommands().get("incident").getSubcommands())
                .hasSameSizeAs(IncidentCommand.SUBCOMMANDS);
        assertThat(Main.commandLine(root, new String[] {"nonsense"}).getSubcommands()).hasSameSizeAs(RootCommand.SUBCOMMANDS);
    }

    @Test
    void helpStillListsEveryCommand() {
        var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
        String help = cli.run("--help").out();
        RootCommand.SUBCOMMANDS.forEach(subcommand -> assertThat(help).contains("  " + subcommand.name() + " "));
        String incidentHelp = cli.run("incident", "--help").out();
        IncidentCommand.SUBCOMMANDS.forEach(subcommand -> assertThat(incidentHelp).contains("  " + subcommand.name() + " "));
        var unknown = cli.run("incdent", "list");
        assertThat(unknown.code()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("--version").out()).startsWith("firebreak ");
    }
}
