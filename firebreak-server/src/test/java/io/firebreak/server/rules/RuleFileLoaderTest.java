package io.firebreak.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.ConfigError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleFileLoaderTest {
    static final Path FIXTURES = Path.of("src/test/resources/rules");
    static final RuleFileLoader LOADER = new RuleFileLoader(Map.<String, String>of()::get, RuleFileLoader.DEFAULT_SEVERITY_MAP);

    static List<Rule> loaded(Path... files) {
        var result = LOADER.load(List.of(files), p -> p.getFileName().toString());
        assertThat(result).isInstanceOf(RuleFileLoader.Result.Loaded.class);
        return ((RuleFileLoader.Result.Loaded) result).rules();
    }

    static List<String> errors(String file) {
        var result = LOADER.load(List.of(FIXTURES.resolve(file)), p -> p.getFileName().toString());
        assertThat(result).isInstanceOf(RuleFileLoader.Result.Invalid.class);
        return ((RuleFileLoader.Result.Invalid) result).errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void theAgenteApiExampleLoadsTenRulesEachWithARunbook() {
        List<Rule> rules = loaded(Path.of("../examples/agente-api/rules.yml"));
        assertThat(rules).hasSize(10);
        assertThat(rules).extracting(Rule::name).contains("service_down", "database_down", "high_api_latency", "memory_leak",
                "disk_space_critical", "pms_integration_failure", "whatsapp_api_outage", "redis_connection_issues",
                "high_error_rate", "circuit_breaker_open");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.runbook()).startsWith("docs/runbooks/");
            assertThat(rule.comparison()).isPresent();
        });
        Rule serviceDown = rules.stream().filter(r -> r.name().equals("service_down")).findFirst().orElseThrow();
        assertThat(serviceDown.query()).isEqualTo("up{job=\"agente-api\"}");
        assertThat(serviceDown.comparison()).contains(Comparison.LT);
        assertThat(serviceDown.threshold()).isEqualTo(1.0);
        assertThat(serviceDown.holdFor()).isEqualTo(Duration.ofSeconds(60));
        assertThat(serviceDown.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(serviceDown.fireOnMissing()).isTrue();
        assertThat(serviceDown.origin()).startsWith("rules.yml:");
    }

    @Test
    void prometheusAlertingRulesKeepTheirSemantics() {
        List<Rule> rules = loaded(FIXTURES.resolve("prometheus.yml"));
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.name()).isEqualTo("HighErrorRate");
            assertThat(rule.group()).isEqualTo("api");
            assertThat(rule.comparison()).isEmpty();
            assertThat(rule.holdFor()).isEqualTo(Duration.ofMinutes(2));
            assertThat(rule.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
            assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(rule.service()).isEqualTo("agente-api");
            assertThat(rule.labels()).containsEntry("team", "payments");
            assertThat(rule.runbook()).isEqualTo("https://runbooks.example.com/high-error-rate");
            assertThat(rule.interval()).isEqualTo(Optional.of(Duration.ofSeconds(15)));
            assertThat(rule.origin()).isEqualTo("prometheus.yml:8");
        });
    }

    @Test
    void seedRuleErrorsAreAllReportedWithLines() {
        assertThat(errors("bad-seed.yml")).containsExactly(
                "bad-seed.yml:18: rules[2].runbok: unknown key 'runbok' (did you mean 'runbook'?)");
    }

    @Test
    void seedRuleValueErrorsAreAllReported() throws Exception {
        String text = java.nio.file.Files.readString(FIXTURES.resolve("bad-seed.yml")).replace("runbok", "runbook");
        var result = (RuleFileLoader.Result.Invalid) LOADER.parse("bad-seed.yml", text.replace("duration: 1x", "duration: 1m"));
        assertThat(result.errors()).extracting(ConfigError::toString).containsExactly(
                "bad-seed.yml:4: rules[0].comparison: unknown comparison '=<' (use one of < <= > >= == !=)",
                "bad-seed.yml:7: rules[1].name: duplicate rule name 'service_down'",
                "bad-seed.yml:8: rules[1].query: missing: the PromQL query",
                "bad-seed.yml:7: rules[1].threshold: missing: the number the query's value is compared with",
                "bad-seed.yml:10: rules[1].severity: unknown severity 'URGENT' (use CRITICAL|HIGH|MEDIUM|LOW (or SEV1..SEV4))",
                "bad-seed.yml:17: rules[2].on_missing: unknown value 'maybe' (use fire or ignore)");
    }

    @Test
    void badDurationIsReportedWithItsLine() throws Exception {
        String text = java.nio.file.Files.readString(FIXTURES.resolve("bad-seed.yml")).replace("runbok", "runbook");
        var result = (RuleFileLoader.Result.Invalid) LOADER.parse("bad-seed.yml", text);
        assertThat(result.errors()).extracting(ConfigError::toString).containsExactly(
                "bad-seed.yml:11: rules[1].duration: invalid duration '1x' (use a number and a unit: 500ms, 30s, 5m, 1h, 7d)");
    }

    @Test
    void prometheusRuleErrorsNameTheSeverityMapping() {
        assertThat(errors("bad-prometheus.yml")).containsExactly(
                "bad-prometheus.yml:4: groups[0].rules[0].labels: missing label 'severity' (Firebreak maps it: critical→CRITICAL, error→HIGH, high→HIGH, info→LOW, low→LOW, medium→MEDIUM, none→LOW, page→CRITICAL, warning→MEDIUM)",
                "bad-prometheus.yml:8: groups[0].rules[1].labels.severity: severity 'sev-urgent' is not mapped (known: critical→CRITICAL, error→HIGH, high→HIGH, info→LOW, low→LOW, medium→MEDIUM, none→LOW, page→CRITICAL, warning→MEDIUM; add it to detection.severity_map)",
                "bad-prometheus.yml:9: groups[0].rules[2].alert: missing: the alert name",
                "bad-prometheus.yml:10: groups[0].rules[2].expr: missing: the PromQL expression");
    }

    @Test
    void aFileWithNeitherFormatIsRefused() {
        var result = (RuleFileLoader.Result.Invalid) LOADER.parse("x.yml", "alerts: []\n");
        assertThat(result.errors()).extracting(ConfigError::toString).containsExactly(
                "x.yml:1: a rule file has a top-level 'rules:' (Firebreak format) or 'groups:' (Prometheus format)");
    }
}
