package io.firebreak.cli;

import io.firebreak.core.time.Durations;
import io.firebreak.server.store.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak cluster status}: the instances on this store, their heartbeats, and who leads which engine module. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Instances of Firebreak on one store (run, detect), their heartbeats, and which one runs each engine module.",
        subcommands = {ClusterCommand.Status.class})
final class ClusterCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List the instances and the module leases; an instance silent for over 30s is marked 'silent'.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                Instant now = parent.root.environment().clock().instant();
                Leases leases = new Leases(session.database);
                List<Leases.Lease> held = leases.list();
                List<List<String>> rows = new ArrayList<>();
                for (Leases.InstanceRow instance : leases.instances()) {
                    Duration silent = Duration.between(instance.heartbeat(), now);
                    List<String> leads = held.stream().filter(l -> l.holder().equals(instance.id()) && l.expires().isAfter(now))
                            .map(Leases.Lease::module).toList();
                    rows.add(List.of(instance.id(), instance.command(), Output.time(instance.started()),
                            Durations.format(silent.isNegative() ? Duration.ZERO : silent.withNanos(0)) + " ago"
                                    + (silent.compareTo(Duration.ofSeconds(30)) > 0 ? " (silent)" : ""),
                            leads.isEmpty() ? "-" : String.join(",", leads)));
                }
                var out = parent.root.out();
                out.println("Store: " + session.database.redactedUrl());
                out.print(rows.isEmpty() ? "No instance has run an engine on this store in the last day.\n"
                        : Output.table(List.of("INSTANCE", "COMMAND", "STARTED", "HEARTBEAT", "LEADS"), rows));
                List<List<String>> leaseRows = new ArrayList<>();
                for (Leases.Lease lease : held) {
                    Duration left = Duration.between(now, lease.expires());
                    leaseRows.add(List.of(lease.module(), lease.holder(), Long.toString(lease.token()),
                            left.isNegative() ? "expired" : "in " + Durations.format(left.withNanos(0))));
                }
                if (!leaseRows.isEmpty()) {
                    out.println();
                    out.print(Output.table(List.of("MODULE", "HOLDER", "TERM", "EXPIRES"), leaseRows));
                }
                return ExitCode.OK;
            }
        }
    }
}
