package io.firebreak.cli;

import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.StorageConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak config check}: the same validation the service runs at start. */
@Command(name = "config", description = "Work with the configuration.", mixinStandardHelpOptions = true,
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "check", description = "Validate the configuration; exit 1 with every error as file:line: field: message.",
            mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            var result = config.loadWithWarnings(parent.root.environment());
            LoadedConfig loaded = result.config();
            var app = loaded.config();
            NotifyCommand.templates(loaded);   // a template with a syntax error fails here, not at 3 a.m.
            NotifyCommand.channelTemplates(loaded);
            parent.root.out().println(loaded.source() + ": OK");
            parent.root.out().println("  storage    " + StorageConfig.redact(loaded.storage().url()));
            parent.root.out().println("  rules      " + app.ruleFiles().size() + " file(s)");
            parent.root.out().println("  channels   " + app.channels().size() + ", routes " + app.routes().size()
                    + ", services " + app.services().size());
            parent.root.out().println("  on-call    " + app.people().size() + " people, " + app.schedules().size() + " schedule(s)");
            // Warnings do not fail the check (exit 0): they describe a working setup someone may not have meant.
            result.warnings().forEach(warning -> parent.root.out().println("warning: " + warning));
            return ExitCode.OK;
        }
    }
}
