package io.firebreak.cli;

import io.firebreak.core.incident.IncidentId;
import io.firebreak.server.store.OutboxRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak notifications list|retry}: the outbox, its failures and dead letters. */
@Command(name = "notifications", description = "The notification outbox: what was sent, what is retrying, dead letters.",
        mixinStandardHelpOptions = true, subcommands = {NotificationsCommand.ListRows.class, NotificationsCommand.Retry.class})
final class NotificationsCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Queued, sent and failed notifications, newest first.")
    static final class ListRows implements Callable<Integer> {
        @ParentCommand
        NotificationsCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--failed", description = "Only dead letters and notifications whose last attempt failed.")
        boolean failed;

        @Option(names = "--incident", paramLabel = "ID", description = "Only this incident's.")
        String incident;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Optional<String> incidentId = Optional.ofNullable(incident).map(IncidentCommand::requireId);
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                List<OutboxRow> rows = session.outbox.list(incidentId, failed, limit);
                if (json) {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (OutboxRow row : rows) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("id", row.id());
                        item.put("incident", row.incidentId());
                        item.put("channel", row.channel());
                        item.put("event", row.event());
                        item.put("state", row.state());
                        item.put("attempts", row.attempts());
                        item.put("last_status", row.lastStatus());
                        item.put("last_reason", row.lastReason());
                        item.put("created", row.created().toString());
                        item.put("due", row.due().toString());
                        item.put("finished", row.finished() == null ? null : row.finished().toString());
                        item.put("held_by", row.heldBy());
                        out.add(item);
                    }
                    parent.root.out().println(Output.json(out));
                } else if (rows.isEmpty()) {
                    parent.root.out().println("No notifications.");
                } else {
                    List<List<String>> table = new ArrayList<>();
                    for (OutboxRow row : rows) {
                        String when = switch (row.state()) {
                            case OutboxRow.PENDING -> "due " + Output.time(row.due());
                            case OutboxRow.HELD -> "held until " + Output.time(row.due());
                            default -> Output.time(row.finished());
                        };
                        table.add(List.of(row.id(), row.event(), row.state(), Integer.toString(row.attempts()), when,
                                row.lastReason().isEmpty() ? "-" : row.lastReason()));
                    }
                    parent.root.out().print(Output.table(List.of("ID", "EVENT", "STATE", "ATTEMPTS", "WHEN", "LAST REASON"), table));
                }
                if (!json) {
                    session.outbox.pauses(parent.root.environment().clock().instant()).forEach((channel, until) -> parent.root.out()
                            .println("Channel " + channel + " is paused until " + Output.time(until) + " (the receiver's Retry-After)."));
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Queue a dead or failing notification again (ID as shown by list: INC-...:SEQ:CHANNEL), and try to send it.")
    static final class Retry implements Callable<Integer> {
        @ParentCommand
        NotificationsCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID", description = "The notification.")
        String id;

        @Override
        public Integer call() {
            if (IncidentId.parse(id.split(":")[0]).isEmpty() || id.split(":").length != 3) {
                throw CliFailure.invalid("not a notification id: '" + id + "' (expected INC-YYYYMMDD-NNN:SEQ:CHANNEL)");
            }
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                OutboxRow row = session.outbox.find(id).orElseThrow(() -> CliFailure.invalid("no notification " + id));
                if (row.state().equals(OutboxRow.DELIVERED)) {
                    throw CliFailure.invalid("notification " + id + " was delivered at " + Output.time(row.finished()) + "; nothing to retry");
                }
                if (!session.outbox.retry(id, parent.root.environment().clock().instant())) {
                    throw CliFailure.invalid("notification " + id + " is " + row.state() + (row.state().equals(OutboxRow.PENDING)
                            ? " and being sent or waiting for its first attempt" : "") + "; only dead or retrying notifications can be retried");
                }
                session.deliverNow();   // asked for now: even when a running service would send it shortly
                OutboxRow after = session.outbox.find(id).orElseThrow();
                parent.root.out().println(id + ": " + after.state() + (after.lastReason().isEmpty() ? "" : " (" + after.lastReason() + ")"));
                return after.state().equals("delivered") ? ExitCode.OK : ExitCode.INVALID;
            }
        }
    }
}
