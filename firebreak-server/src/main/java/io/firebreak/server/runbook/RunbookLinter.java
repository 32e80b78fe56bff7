package io.firebreak.server.runbook;

import io.firebreak.core.rule.Rule;
import io.firebreak.core.runbook.MarkdownOutline;
import io.firebreak.core.runbook.RunbookCheck;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.prometheus.PrometheusUnavailableException;
import io.firebreak.server.prometheus.QueryResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Lints a directory of runbooks: structure and Detection queries ({@link RunbookCheck}), relative
 * links and anchors, every rule's runbook existing, and (given a Prometheus) every Detection query
 * parsing there. Runbooks no rule names are warnings.
 */
public final class RunbookLinter {
    /** The template every new runbook starts from; it is checked but never expected to be named by a rule. */
    public static final String TEMPLATE = "TEMPLATE.md";

    private final Function<Path, String> displayName;
    private final Map<Path, Optional<MarkdownOutline>> parsed = new HashMap<>();

    public RunbookLinter(Function<Path, String> displayName) {
        this.displayName = displayName;
    }

    /** What the lint found. It passes when {@code errors} is empty. */
    public record Report(List<String> errors, List<String> warnings, int runbooks, int queries, int queriesChecked) {}

    public Report lint(Path dir, List<Rule> rules, Optional<PrometheusClient> prometheus, Instant now) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list runbooks in " + dir, e);
        }
        int queries = 0;
        int checked = 0;
        for (Path file : files) {
            String name = displayName.apply(file);
            MarkdownOutline markdown = markdown(file).orElseThrow();
            for (RunbookCheck.Finding finding : RunbookCheck.structure(markdown)) {
                (finding.error() ? errors : warnings).add(name + ":" + finding.line() + ": " + finding.message());
            }
            for (MarkdownOutline.Link link : markdown.links()) {
                checkLink(file, name, link).ifPresent(errors::add);
            }
            List<RunbookCheck.Query> fileQueries = RunbookCheck.detectionQueries(markdown);
            queries += fileQueries.size();
            if (prometheus.isPresent() && !file.getFileName().toString().equals(TEMPLATE)) {
                for (RunbookCheck.Query query : fileQueries) {
                    checkQuery(prometheus.get(), query.promql(), now).ifPresent(reason ->
                            errors.add(name + ":" + query.line() + ": PromQL does not parse on Prometheus: " + reason));
                    checked++;
                }
            }
        }
        Set<String> named = new HashSet<>();
        for (Rule rule : rules) {
            String runbook = rule.runbook();
            if (runbook.isEmpty()) {
                warnings.add(rule.origin() + ": rule '" + rule.name() + "' names no runbook");
                continue;
            }
            if (runbook.startsWith("http://") || runbook.startsWith("https://")) {
                continue;
            }
            String fileName = Path.of(runbook).getFileName().toString();
            named.add(fileName);
            if (!Files.isRegularFile(dir.resolve(fileName))) {
                errors.add(rule.origin() + ": rule '" + rule.name() + "' names runbook '" + runbook
                        + "', which is not in " + displayName.apply(dir));
            }
        }
        if (!rules.isEmpty()) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (!fileName.equals(TEMPLATE) && !named.contains(fileName)) {
                    warnings.add(displayName.apply(file) + ": no rule names this runbook");
                }
            }
        }
        return new Report(errors, warnings, files.size(), queries, checked);
    }

    private Optional<String> checkLink(Path file, String name, MarkdownOutline.Link link) {
        String target = link.target();
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return Optional.empty();   // http:, https:, mailto: ... are not ours to check offline
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(java.net.URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
        if (!Files.exists(resolved)) {
            return Optional.of(name + ":" + link.line() + ": broken link '" + target + "': " + displayName.apply(resolved) + " does not exist");
        }
        if (anchor.isEmpty() || !resolved.toString().endsWith(".md")) {
            return Optional.empty();
        }
        Optional<MarkdownOutline> markdown = markdown(resolved);
        if (markdown.isPresent() && !markdown.get().anchors().contains(anchor)) {
            return Optional.of(name + ":" + link.line() + ": broken anchor '#" + anchor + "': no such heading in "
                    + displayName.apply(resolved));
        }
        return Optional.empty();
    }

    private Optional<MarkdownOutline> markdown(Path file) {
        return parsed.computeIfAbsent(file.toAbsolutePath().normalize(), p -> {
            try {
                return Optional.of(MarkdownOutlineParser.parse(Files.readString(p, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<String> checkQuery(PrometheusClient prometheus, String promql, Instant now) {
        QueryResult result = prometheus.query(promql, now);
        if (result instanceof QueryResult.Failure failure) {
            if (failure.kind() == QueryResult.Kind.BAD_QUERY) {
                return Optional.of(failure.reason());
            }
            throw new PrometheusUnavailableException("cannot check PromQL: Prometheus at "
                    + String.join(", ", prometheus.urls()) + " did not answer (" + failure.reason() + ")");
        }
        return Optional.empty();
    }
}
