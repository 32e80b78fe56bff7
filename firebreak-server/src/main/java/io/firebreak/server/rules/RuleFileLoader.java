package io.firebreak.server.rules;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.Yaml;
import io.firebreak.server.config.YamlDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads rule files in either format: a top-level {@code rules:} is the seed's format, a top-level
 * {@code groups:} is a Prometheus alerting-rule file. Reports every problem as file:line: field.
 */
public final class RuleFileLoader {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The default mapping of a Prometheus rule's {@code severity} label to a Firebreak severity. */
    public static final Map<String, Severity> DEFAULT_SEVERITY_MAP = Map.of(
            "critical", Severity.CRITICAL, "page", Severity.CRITICAL,
            "high", Severity.HIGH, "error", Severity.HIGH,
            "warning", Severity.MEDIUM, "medium", Severity.MEDIUM,
            "low", Severity.LOW, "info", Severity.LOW, "none", Severity.LOW);

    private final Function<String, String> environment;
    private final Map<String, Severity> severityMap;

    public RuleFileLoader(Function<String, String> environment, Map<String, Severity> severityMap) {
        this.environment = environment;
        this.severityMap = Map.copyOf(severityMap);
    }

    /** The rules of all files, or every error found in any of them. */
    public sealed interface Result {
        record Loaded(List<Rule> rules) implements Result {
            public Loaded {
                rules = List.copyOf(rules);
            }
        }

        record Invalid(List<ConfigError> errors) implements Result {
            public Invalid {
                errors = List.copyOf(errors);
            }
        }
    }

    /** Loads several files; rule names must be unique across all of them. */
    public Result load(List<Path> files, Function<Path, String> displayName) {
        List<Rule> rules = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : files) {
            String name = displayName.apply(file);
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                errors.add(new ConfigError(name, 0, "", "rule file not found"));
                continue;
            } catch (IOException e) {
                errors.add(new ConfigError(name, 0, "", "cannot read rule file: " + e.getMessage()));
                continue;
            }
            switch (parse(name, text)) {
                case Result.Invalid invalid -> errors.addAll(invalid.errors());
                case Result.Loaded loaded -> {
                    for (Rule rule : loaded.rules()) {
                        String previous = seen.putIfAbsent(rule.name(), rule.origin());
                        if (previous != null) {
                            String[] at = rule.origin().split(":");
                            errors.add(new ConfigError(at[0], Integer.parseInt(at[1]), "",
                                    "rule '" + rule.name() + "' is already defined at " + previous));
                        } else {
                            rules.add(rule);
                        }
                    }
                }
            }
        }
        return errors.isEmpty() ? new Result.Loaded(rules) : new Result.Invalid(errors);
    }

    /** Parses one file's text. */
    public Result parse(String file, String text) {
        YamlDocument document = YamlDocument.parse(file, text, environment);
        List<ConfigError> errors = new ArrayList<>(document.errors());
        if (!errors.isEmpty()) {
            return new Result.Invalid(errors);
        }
        var root = document.root();
        boolean seed = root.has("rules");
        boolean prometheus = root.has("groups");
        if (!root.isObject() || seed == prometheus) {
            return new Result.Invalid(List.of(new ConfigError(file, 1, "",
                    "a rule file has a top-level 'rules:' (Firebreak format) or 'groups:' (Prometheus format)")));
        }
        List<Rule> rules = new ArrayList<>();
        if (seed) {
            document.bind(Yaml.mapper(), SeedRuleFile.class, errors).ifPresent(f -> seedRules(document, f, rules, errors));
        } else {
            document.bind(Yaml.mapper(), PrometheusRuleFile.class, errors).ifPresent(f -> prometheusRules(document, f, rules, errors));
        }
        return errors.isEmpty() ? new Result.Loaded(rules) : new Result.Invalid(errors);
    }

    private void seedRules(YamlDocument document, SeedRuleFile file, List<Rule> rules, List<ConfigError> errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < file.rules().size(); i++) {
            SeedRuleFile.Spec spec = file.rules().get(i);
            String path = "rules[" + i + "]";
            int before = errors.size();
            if (spec == null) {
                errors.add(document.error(path, "empty rule"));
                continue;
            }
            name(document, path + ".name", spec.name(), names, errors);
            if (blank(spec.query())) {
                errors.add(document.error(path + ".query", "missing: the PromQL query"));
            }
            Optional<Comparison> comparison = Comparison.parse(spec.comparison());
            if (spec.comparison() == null) {
                errors.add(document.error(path + ".comparison", "missing: one of " + Comparison.accepted()));
            } else if (comparison.isEmpty()) {
                errors.add(document.error(path + ".comparison", "unknown comparison '" + spec.comparison() + "' (use one of " + Comparison.accepted() + ")"));
            }
            if (spec.threshold() == null) {
                errors.add(document.error(path + ".threshold", "missing: the number the query's value is compared with"));
            }
            Optional<Severity> severity = Severity.parse(spec.severity());
            if (spec.severity() == null) {
                errors.add(document.error(path + ".severity", "missing: " + Severity.accepted()));
            } else if (severity.isEmpty()) {
                errors.add(document.error(path + ".severity", "unknown severity '" + spec.severity() + "' (use " + Severity.accepted() + ")"));
            }
            boolean fireOnMissing = false;
            if (spec.onMissing() != null) {
                switch (spec.onMissing()) {
                    case "fire" -> fireOnMissing = true;
                    case "ignore" -> fireOnMissing = false;
                    default -> errors.add(document.error(path + ".on_missing", "unknown value '" + spec.onMissing() + "' (use fire or ignore)"));
                }
            }
            nonNegative(document, path + ".duration", spec.duration(), errors);
            nonNegative(document, path + ".keep_firing_for", spec.keepFiringFor(), errors);
            positive(document, path + ".interval", spec.interval(), errors);
            runbook(document, path + ".runbook", spec.runbook(), errors);
            labelNames(document, path + ".group_by", spec.groupBy(), errors);
            if (errors.size() > before) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(spec.labels() == null ? Map.of() : spec.labels());
            rules.add(new Rule(spec.name(), document.file(), spec.query(), comparison, spec.threshold(), spec.duration(),
                    spec.keepFiringFor(), severity.get(), spec.service(), spec.runbook(), spec.summary(), spec.description(),
                    labels, Map.of(), spec.groupBy(), fireOnMissing, spec.autoResolve() == null || spec.autoResolve(),
                    Optional.ofNullable(spec.interval()), document.file() + ":" + document.lineOf(path)));
        }
    }

    private void prometheusRules(YamlDocument document, PrometheusRuleFile file, List<Rule> rules, List<ConfigError> errors) {
        Set<String> groups = new HashSet<>();
        for (int g = 0; g < file.groups().size(); g++) {
            PrometheusRuleFile.Group group = file.groups().get(g);
            String groupPath = "groups[" + g + "]";
            if (blank(group.name())) {
                errors.add(document.error(groupPath + ".name", "missing: every group needs a name"));
            } else if (!groups.add(group.name())) {
                errors.add(document.error(groupPath + ".name", "duplicate group name '" + group.name() + "'"));
            }
            positive(document, groupPath + ".interval", group.interval(), errors);
            for (int i = 0; i < group.rules().size(); i++) {
                PrometheusRuleFile.Spec spec = group.rules().get(i);
                String path = groupPath + ".rules[" + i + "]";
                int before = errors.size();
                if (spec == null) {
                    errors.add(document.error(path, "empty rule"));
                    continue;
                }
                if (spec.record() != null) {
                    if (spec.alert() != null) {
                        errors.add(document.error(path, "a rule has either 'alert' or 'record', not both"));
                    }
                    continue;   // recording rules are Prometheus's business; Firebreak reads their results
                }
                if (blank(spec.alert())) {
                    errors.add(document.error(path + ".alert", "missing: the alert name"));
                }
                if (blank(spec.expr())) {
                    errors.add(document.error(path + ".expr", "missing: the PromQL expression"));
                }
                nonNegative(document, path + ".for", spec.duration(), errors);
                nonNegative(document, path + ".keep_firing_for", spec.keepFiringFor(), errors);
                Map<String, String> labels = new LinkedHashMap<>(group.labels() == null ? Map.of() : group.labels());
                if (spec.labels() != null) {
                    labels.putAll(spec.labels());
                }
                Optional<Severity> severity = Optional.empty();
                String severityLabel = labels.get("severity");
                if (severityLabel == null) {
                    errors.add(document.error(path + ".labels", "missing label 'severity' (Firebreak maps it: " + mapping() + ")"));
                } else {
                    severity = Severity.parse(severityLabel).or(() -> Optional.ofNullable(severityMap.get(severityLabel.toLowerCase(Locale.ROOT))));
                    if (severity.isEmpty()) {
                        errors.add(document.error(path + ".labels.severity", "severity '" + severityLabel
                                + "' is not mapped (known: " + mapping() + "; add it to detection.severity_map)"));
                    }
                }
                if (errors.size() > before) {
                    continue;
                }
                Map<String, String> annotations = spec.annotations() == null ? Map.of() : spec.annotations();
                String runbook = annotations.getOrDefault("runbook_url", annotations.getOrDefault("runbook", ""));
                String service = labels.getOrDefault("service", "");
                // Several alerts of one name may exist in one group (Prometheus allows it); give later ones a suffix.
                String name = spec.alert();
                int copy = 2;
                while (ruleNamed(rules, name)) {
                    name = spec.alert() + "_" + copy++;
                }
                rules.add(new Rule(name, group.name(), spec.expr(), Optional.empty(), 0, spec.duration(),
                        spec.keepFiringFor(), severity.get(), service, runbook, annotations.getOrDefault("summary", spec.alert()),
                        annotations.getOrDefault("description", ""), labels, annotations, List.of(), false, true,
                        Optional.ofNullable(group.interval()), document.file() + ":" + document.lineOf(path)));
            }
        }
    }

    private static boolean ruleNamed(List<Rule> rules, String name) {
        return rules.stream().anyMatch(rule -> rule.name().equals(name));
    }

    private String mapping() {
        return severityMap.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "→" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static void name(YamlDocument document, String path, String name, Set<String> names, List<ConfigError> errors) {
        if (blank(name)) {
            errors.add(document.error(path, "missing: every rule needs a name"));
        } else if (!NAME.matcher(name).matches()) {
            errors.add(document.error(path, "invalid rule name '" + name + "' (letters, digits and _, not starting with a digit)"));
        } else if (!names.add(name)) {
            errors.add(document.error(path, "duplicate rule name '" + name + "'"));
        }
    }

    private static void runbook(YamlDocument document, String path, String runbook, List<ConfigError> errors) {
        if (runbook == null || runbook.isBlank()) {
            return;
        }
        boolean url = runbook.startsWith("https://") || runbook.startsWith("http://");
        if (!url && !runbook.endsWith(".md")) {
            errors.add(document.error(path, "expected a markdown file such as docs/runbooks/01-database-down.md, or an http(s) URL"));
        }
    }

    private static void labelNames(YamlDocument document, String path, List<String> names, List<ConfigError> errors) {
        if (names == null) {
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null || !LABEL.matcher(names.get(i)).matches()) {
                errors.add(document.error(path + "[" + i + "]", "invalid label name '" + names.get(i) + "'"));
            }
        }
    }

    private static void nonNegative(YamlDocument document, String path, Duration duration, List<ConfigError> errors) {
        if (duration != null && duration.isNegative()) {
            errors.add(document.error(path, "must not be negative"));
        }
    }

    private static void positive(YamlDocument document, String path, Duration duration, List<ConfigError> errors) {
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            errors.add(document.error(path, "must be greater than zero"));
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
