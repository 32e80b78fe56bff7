package io.firebreak.cli;

import io.firebreak.core.recovery.Freshness;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.recovery.BackupTargets;
import io.firebreak.server.recovery.Recovery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak backup status|verify}: each configured backup's age against its RPO, and restore verification. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Backups against their RPO (status) and verified restores (verify).",
        subcommands = {BackupCommand.Status.class})
final class BackupCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Read every backup source now and show its age against its RPO. Exit 1 when any is stale or unreadable.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            LoadedConfig loaded = config.load(parent.root.environment());
            BackupTargets targets = BackupTargets.from(loaded.config());
            var out = parent.root.out();
            if (targets.targets().isEmpty()) {
                out.println("No backups configured (add backups: to " + loaded.source() + ").");
                return ExitCode.OK;
            }
            var probe = Recovery.probe(loaded);
            Instant now = parent.root.environment().clock().instant();
            List<List<String>> rows = new ArrayList<>();
            boolean allFresh = true;
            for (BackupTargets.Target target : targets.targets()) {
                Freshness freshness = probe.check(target, now);
                allFresh &= freshness.state() == Freshness.State.FRESH;
                rows.add(List.of(target.name(), target.backup().source().type(),
                        target.tierNumber() > 0 ? Integer.toString(target.tierNumber()) : "-",
                        freshness.age(now).map(age -> Durations.format(age.withNanos(0))).orElse("-"),
                        Durations.format(target.rpo()), freshness.state().name().toLowerCase(java.util.Locale.ROOT),
                        freshness.detail()));
            }
            out.print(Output.table(List.of("BACKUP", "SOURCE", "TIER", "AGE", "RPO", "STATE", "DETAIL"), rows));
            return allFresh ? ExitCode.OK : ExitCode.INVALID;
        }
    }
}
