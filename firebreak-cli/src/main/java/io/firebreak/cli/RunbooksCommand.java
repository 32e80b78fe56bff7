package io.firebreak.cli;

import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.prometheus.PrometheusUnavailableException;
import io.firebreak.server.runbook.RunbookLinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak runbooks lint|new}. */
@Command(name = "runbooks", description = "Check runbooks and start new ones.", mixinStandardHelpOptions = true,
        subcommands = {RunbooksCommand.Lint.class, RunbooksCommand.New.class})
final class RunbooksCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Check runbooks: required sections in order, a PromQL query in Detection, relative links and anchors,",
                "every rule's runbook exists (rules from -c), and with --prometheus every Detection query parses there.",
                "Errors as file:line, exit 1; runbooks no rule names are warnings."})
    static final class Lint implements Callable<Integer> {
        @ParentCommand
        RunbooksCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "docs/runbooks",
                description = "The runbook directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--prometheus", paramLabel = "URL", description = "Check each Detection query on this Prometheus (repeat for failover).")
        List<String> prometheus;

        @Override
        public Integer call() {
            Environment environment = parent.root.environment();
            Path directory = environment.workingDir().resolve(dir);
            if (!Files.isDirectory(directory)) {
                throw CliFailure.invalid("no runbook directory " + dir);
            }
            LoadedConfig loaded = config.load(environment);
            List<Rule> rules = RuleSupport.fromConfig(loaded, environment);
            var linter = new RunbookLinter(path -> RuleSupport.display(path, environment));
            RunbookLinter.Report report;
            try {
                report = linter.lint(directory, rules, RuleSupport.prometheus(prometheus, loaded), environment.clock().instant());
            } catch (PrometheusUnavailableException e) {
                throw new CliFailure(ExitCode.UNAVAILABLE, List.of(e.getMessage()));
            }
            var out = parent.root.out();
            report.warnings().forEach(warning -> out.println("warning: " + warning));
            report.errors().forEach(error -> parent.root.err().println(error));
            String summary = report.runbooks() + " runbooks, " + rules.size() + " rules, " + report.queries() + " Detection queries"
                    + (prometheus == null || prometheus.isEmpty() ? "" : " (" + report.queriesChecked() + " checked on Prometheus)");
            if (!report.errors().isEmpty()) {
                parent.root.err().println("runbooks lint: " + report.errors().size() + " error(s) in " + summary);
                return ExitCode.INVALID;
            }
            out.println("runbooks lint: OK: " + summary);
            return ExitCode.OK;
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Start a runbook from TEMPLATE.md: DIR/NN-name.md, numbered after the last one; prints its path.")
    static final class New implements Callable<Integer> {
        private static final Pattern NUMBERED = Pattern.compile("^(\\d+)-.*\\.md$");

        @ParentCommand
        RunbooksCommand parent;

        @Parameters(paramLabel = "NAME", description = "What it is for, e.g. \"Queue backlog\" (becomes NN-queue-backlog.md).")
        List<String> name;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "docs/runbooks", description = "Where runbooks live (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Environment environment = parent.root.environment();
            Path directory = environment.workingDir().resolve(dir);
            Path template = directory.resolve(RunbookLinter.TEMPLATE);
            if (!Files.isRegularFile(template)) {
                throw CliFailure.invalid("no template at " + RuleSupport.display(template, environment));
            }
            String title = String.join(" ", name).strip();
            String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            if (slug.isEmpty()) {
                throw CliFailure.invalid("the name needs at least one letter or digit");
            }
            int last = 0;
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Matcher numbered = NUMBERED.matcher(file.getFileName().toString());
                    if (numbered.matches()) {
                        last = Math.max(last, Integer.parseInt(numbered.group(1)));
                    }
                    if (file.getFileName().toString().replaceFirst("^\\d+-", "").equals(slug + ".md")) {
                        throw CliFailure.invalid("a runbook for '" + title + "' already exists: " + RuleSupport.display(file, environment));
                    }
                }
            }
            Path target = directory.resolve(String.format("%02d-%s.md", last + 1, slug));
            String text = Files.readString(template, StandardCharsets.UTF_8);
            String body = text.startsWith("# ") ? "# " + title + text.substring(text.indexOf('\n')) : "# " + title + "\n\n" + text;
            Files.writeString(target, body, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            parent.root.out().println(RuleSupport.display(target, environment));
            return ExitCode.OK;
        }
    }
}
