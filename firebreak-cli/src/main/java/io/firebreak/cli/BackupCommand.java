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
        subcommands = {BackupCommand.Status.class, BackupCommand.Verify.class})
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

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Restore the newest copy of NAME with its verify: restore command, run its checks against the restored copy, "
                    + "run its cleanup, and record the result and the measured duration beside the tier's RTO. Exit 1 when it fails.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;

        @Mixin
        ConfigOption config;

        @picocli.CommandLine.Parameters(paramLabel = "NAME", description = "the backup (backups[].name)")
        String name;

        @Override
        public Integer call() {
            var environment = parent.root.environment();
            LoadedConfig loaded = config.load(environment);
            BackupTargets.Target target = BackupTargets.from(loaded.config()).find(name).orElseThrow(() -> new CliFailure(ExitCode.USAGE,
                    List.of("no backup named '" + name + "' in " + loaded.source())));
            if (target.backup().verification().isEmpty()) {
                throw new CliFailure(ExitCode.USAGE, List.of("backup '" + name + "' has no verify: section"));
            }
            var out = parent.root.out();
            try (Session session = Session.open(config, environment, out)) {
                var verifier = new io.firebreak.server.recovery.BackupVerifier(Recovery.probe(loaded),
                        new io.firebreak.server.store.RecoveryStore(session.database), loaded.baseDir(), System::nanoTime);
                var result = verifier.verify(target, environment.clock().instant(), "manual");
                if (!result.file().isEmpty()) {
                    out.println("Backup file: " + result.file());
                }
                for (var check : result.checks()) {
                    out.println((check.passed() ? "  ok    " : "  FAIL  ") + check.sql() + "  -> " + check.actual() + " (expected " + check.expect() + ")");
                }
                String rto = target.tier().flatMap(tier -> java.util.Optional.ofNullable(tier.rto()))
                        .map(r -> " (RTO of tier " + target.tierNumber() + ": " + Durations.format(r) + ")").orElse("");
                out.println((result.passed() ? "PASSED" : "FAILED: " + result.reason()) + " in "
                        + Durations.format(result.duration().withNanos(result.duration().getNano() / 1_000_000 * 1_000_000)) + rto
                        + "  [" + result.id() + "]");
                return result.passed() ? ExitCode.OK : ExitCode.INVALID;
            }
        }
    }
}
