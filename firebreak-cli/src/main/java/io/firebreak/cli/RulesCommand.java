package io.firebreak.cli;

import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.prometheus.QueryResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak rules check}: validate rule files, optionally each query against a Prometheus. */
@Command(name = "rules", description = "Work with detection rules.", mixinStandardHelpOptions = true,
        subcommands = {RulesCommand.Check.class, RulesCommand.Status.class})
final class RulesCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate rule files (seed format or Prometheus alerting rules); exit 1 with every error as file:line: field.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        RulesCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Rule files (default: the config's rule_files).")
        List<Path> files;

        @Option(names = "--prometheus", paramLabel = "URL", description = "Also check each query's syntax on this Prometheus.")
        List<String> prometheus;

        @Override
        public Integer call() {
            Environment environment = parent.root.environment();
            LoadedConfig loaded = config.load(environment);
            List<Path> paths = files == null || files.isEmpty() ? loaded.ruleFiles()
                    : files.stream().map(environment.workingDir()::resolve).toList();
            if (paths.isEmpty()) {
                throw CliFailure.invalid("no rule files: name them, or list them under rule_files in " + loaded.source());
            }
            List<Rule> rules = RuleSupport.load(RuleSupport.loader(loaded, environment), paths, environment);
            Optional<PrometheusClient> client = RuleSupport.prometheus(prometheus, loaded);
            List<String> errors = new ArrayList<>();
            if (client.isPresent()) {
                for (Rule rule : rules) {
                    QueryResult result = client.get().query(rule.query(), environment.clock().instant());
                    if (result instanceof QueryResult.Failure failure) {
                        if (failure.kind() != QueryResult.Kind.BAD_QUERY) {
                            throw new CliFailure(ExitCode.UNAVAILABLE, List.of("cannot check queries: Prometheus at "
                                    + String.join(", ", client.get().urls()) + " did not answer (" + failure.reason() + ")"));
                        }
                        errors.add(rule.origin() + ": rule '" + rule.name() + "': PromQL does not parse: " + failure.reason());
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw new CliFailure(ExitCode.INVALID, errors);
            }
            parent.root.out().println(rules.size() + " rules OK in " + paths.size() + " file(s)"
                    + (client.isPresent() ? ", every query parses on " + String.join(", ", client.get().urls()) : ""));
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each rule's health from its last evaluation: when, how long, alerts pending and firing, last error.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        RulesCommand parent;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            try (Session session = Session.open(config, parent.root.environment(), parent.root.out())) {
                var health = new io.firebreak.server.store.DetectionStore(session.database).health();
                if (health.isEmpty()) {
                    parent.root.out().println("No rule has been evaluated yet (run firebreak detect).");
                    return ExitCode.OK;
                }
                List<List<String>> rows = new ArrayList<>();
                for (var h : health) {
                    rows.add(List.of(h.rule(), h.ok() ? "ok" : "error", Output.time(h.lastEvaluation()),
                            io.firebreak.core.time.Durations.format(h.duration()), Integer.toString(h.pending()),
                            Integer.toString(h.firing()), h.lastError().isEmpty() ? "-" : h.lastError()));
                }
                parent.root.out().print(Output.table(List.of("RULE", "HEALTH", "LAST EVALUATION", "TOOK", "PENDING", "FIRING", "LAST ERROR"), rows));
                return health.stream().allMatch(io.firebreak.server.store.RuleHealth::ok) ? ExitCode.OK : ExitCode.INVALID;
            }
        }
    }
}
