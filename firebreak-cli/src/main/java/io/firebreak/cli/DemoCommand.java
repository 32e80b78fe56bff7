package io.firebreak.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak demo}. Until rule evaluation and scenarios land, it walks one incident through
 * its lifecycle on a throwaway SQLite file, so a new user sees the model and the timeline.
 */
@Command(name = "demo", description = "Show Firebreak on a throwaway database: one incident from trigger to resolution.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("firebreak-demo");
        java.nio.file.Path config = dir.resolve("firebreak.yml");
        java.nio.file.Files.writeString(config, "storage:\n  url: jdbc:sqlite:./demo.db\n");
        var out = root.out();
        out.println("Firebreak demo (a placeholder until detection lands): a throwaway store in " + dir);
        String c = config.toString();
        String[][] steps = {
            {"incident", "open", "-c", c, "--title", "Database down", "--severity", "CRITICAL", "--service", "agente-api", "--by", "firebreak"},
            {"incident", "ack", "-c", c, "@ID", "--by", "alice"},
            {"incident", "status", "-c", c, "@ID", "IDENTIFIED", "-m", "primary ran out of disk", "--by", "alice"},
            {"incident", "resolve", "-c", c, "@ID", "-m", "disk extended, replica caught up", "--by", "alice"},
            {"incident", "show", "-c", c, "@ID"},
        };
        String id = null;
        for (String[] step : steps) {
            String[] args = step.clone();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("@ID")) {
                    args[i] = id;
                }
            }
            out.println();
            out.println("$ firebreak " + String.join(" ", args).replace(c, "demo.yml"));
            var buffer = new java.io.StringWriter();
            var child = new RootCommand(root.environment(), new java.io.PrintWriter(buffer, true), root.err());
            int code = Main.commandLine(child).execute(args);
            out.print(buffer);
            if (code != ExitCode.OK) {
                return code;
            }
            if (id == null) {
                id = buffer.toString().strip();
            }
        }
        return ExitCode.OK;
    }
}
