package io.firebreak.server.scenario;

import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.Yaml;
import io.firebreak.server.config.YamlDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads scenario files, reporting every problem as file:line: field. */
public final class ScenarioLoader {
    private ScenarioLoader() {}

    /** A scenario, or every error in its file. */
    public sealed interface Result {
        record Loaded(Scenario scenario) implements Result {}

        record Invalid(List<ConfigError> errors) implements Result {}
    }

    public static Result load(Path file, String displayName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result.Invalid(List.of(new ConfigError(displayName, 0, "", "cannot read scenario: " + e.getMessage())));
        }
        YamlDocument document = YamlDocument.parse(displayName, text, name -> null);
        List<ConfigError> errors = new ArrayList<>(document.errors());
        if (!errors.isEmpty()) {
            return new Result.Invalid(errors);
        }
        Optional<ScenarioFile> bound = document.bind(Yaml.mapper(), ScenarioFile.class, errors);
        if (bound.isEmpty()) {
            return new Result.Invalid(errors);
        }
        ScenarioFile spec = bound.get();
        if (spec.name() == null || spec.name().isBlank()) {
            errors.add(document.error("name", "missing: the scenario's name"));
        }
        if (spec.rules() == null || spec.rules().isBlank()) {
            errors.add(document.error("rules", "missing: the rule file, relative to this file"));
        } else if (!Files.isRegularFile(file.toAbsolutePath().getParent().resolve(spec.rules()))) {
            errors.add(document.error("rules", "rule file '" + spec.rules() + "' not found"));
        }
        if (spec.step() == null || spec.step().isZero() || spec.step().isNegative()) {
            errors.add(document.error("step", "missing or not positive: the time between values, e.g. 15s"));
        }
        List<Scenario.Series> series = new ArrayList<>();
        List<ScenarioFile.SeriesSpec> specs = spec.series() == null ? List.of() : spec.series();
        if (specs.isEmpty()) {
            errors.add(document.error("series", "missing: at least one series"));
        }
        for (int i = 0; i < specs.size(); i++) {
            ScenarioFile.SeriesSpec s = specs.get(i);
            String path = "series[" + i + "]";
            if (s.rule() == null || s.rule().isBlank()) {
                errors.add(document.error(path + ".rule", "missing: the rule this series answers"));
            }
            switch (ValueNotation.parse(s.values())) {
                case ValueNotation.Parsed.Invalid invalid -> errors.add(document.error(path + ".values", invalid.reason()));
                case ValueNotation.Parsed.Ok ok -> series.add(new Scenario.Series(s.rule(), s.labels() == null ? Map.of() : s.labels(), ok.values()));
            }
        }
        List<Scenario.Expectation> expect = new ArrayList<>();
        List<ScenarioFile.ExpectSpec> expectations = spec.expect() == null ? List.of() : spec.expect();
        for (int i = 0; i < expectations.size(); i++) {
            ScenarioFile.ExpectSpec e = expectations.get(i);
            Optional<Severity> severity = Severity.parse(e.severity());
            if (severity.isEmpty() || e.rule() == null || e.opensAfter() == null) {
                errors.add(document.error("expect[" + i + "]", "needs rule, severity and opens_after"));
                continue;
            }
            expect.add(new Scenario.Expectation(e.rule(), severity.get(), e.opensAfter(), Optional.ofNullable(e.resolvesAfter()),
                    e.reopens() != null && e.reopens()));
        }
        if (!errors.isEmpty()) {
            return new Result.Invalid(errors);
        }
        return new Result.Loaded(new Scenario(spec.name(), spec.description() == null ? "" : spec.description().strip(),
                file.toAbsolutePath().getParent().resolve(spec.rules()).normalize(), spec.step(), series, expect));
    }
}
