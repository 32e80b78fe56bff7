package io.firebreak.cli;

import io.firebreak.core.mute.Silence;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.time.Durations;
import io.firebreak.server.routing.Re2Matchers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak silence add|list|expire}: hold back the notifications of matching incidents for a while. */
@Command(name = "silence", mixinStandardHelpOptions = true,
        description = {"Silences: matching incidents are still recorded and visible, but notify nobody until the silence ends.",
            "If one is still open then, its held-back notifications go out; if it resolved meanwhile, they are dropped."},
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
final class SilenceCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a silence; prints its id.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        SilenceCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--match", required = true, paramLabel = "MATCHER",
                description = "e.g. service=agente-api, severity=~\"SEV3|SEV4\", alertname!=database_down; repeat: all must match.")
        List<String> matchers;

        @Option(names = "--for", required = true, paramLabel = "D", description = "How long, e.g. 2h, 30m.")
        String duration;

        @Option(names = "--comment", required = true, paramLabel = "C", description = "Why: maintenance, known issue, ticket.")
        String comment;

        @Option(names = "--by", paramLabel = "NAME", description = "Who (default: $FIREBREAK_USER, else $USER).")
        String by;

        @Override
        public Integer call() {
            List<Matcher> parsed = new ArrayList<>();
            for (String text : matchers) {
                switch (Re2Matchers.parse(text)) {
                    case Matcher.Parsed.Ok ok -> parsed.add(ok.matcher());
                    case Matcher.Parsed.Invalid invalid -> throw CliFailure.invalid("--match: " + invalid.reason());
                }
            }
            Duration length = Durations.parse(duration).filter(d -> !d.isZero())
                    .orElseThrow(() -> CliFailure.invalid("invalid --for '" + duration + "' (use e.g. 30m, 2h)"));
            if (comment.isBlank()) {
                throw CliFailure.invalid("--comment must say why");
            }
            Instant now = parent.root.environment().clock().instant();
            String author = by == null || by.isBlank() ? parent.root.environment().defaultActor() : by.strip();
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                Silence silence = session.silences.add(parsed, now, now.plus(length), author, comment.strip(), now);
                parent.root.out().println(silence.id());
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Silences that have not ended (--all: expired ones too).")
    static final class ListSilences implements Callable<Integer> {
        @ParentCommand
        SilenceCommand parent;

        @Mixin
        ConfigOption config;

        @Option(names = "--all", description = "Include expired silences.")
        boolean all;

        @Override
        public Integer call() {
            Instant now = parent.root.environment().clock().instant();
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                List<Silence> silences = session.silences.list(now, all);
                if (silences.isEmpty()) {
                    parent.root.out().println("No silences.");
                    return ExitCode.OK;
                }
                List<List<String>> rows = new ArrayList<>();
                for (Silence silence : silences) {
                    String state = silence.activeAt(now) ? "active" : now.isBefore(silence.startsAt()) ? "pending" : "expired";
                    rows.add(List.of(silence.id(), state, Output.time(silence.endsAt()), silence.author(),
                            String.join(", ", silence.matchers().stream().map(Matcher::toString).toList()), silence.comment()));
                }
                parent.root.out().print(Output.table(List.of("ID", "STATE", "ENDS", "BY", "MATCHERS", "COMMENT"), rows));
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now; held-back notifications of open incidents go out.")
    static final class Expire implements Callable<Integer> {
        @ParentCommand
        SilenceCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID", description = "The silence, SIL-xxxxxxxx.")
        String id;

        @Override
        public Integer call() {
            Instant now = parent.root.environment().clock().instant();
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                if (!session.silences.expire(id, now)) {
                    throw CliFailure.invalid("no silence " + id + " in force");
                }
                // expire brought the notifications it held back forward: send them now
                session.drain();
                parent.root.out().println(id + " expired");
                return ExitCode.OK;
            }
        }
    }
}
