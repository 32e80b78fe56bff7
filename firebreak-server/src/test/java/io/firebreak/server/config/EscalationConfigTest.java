package io.firebreak.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Escalation policies in firebreak.yml: every mistake reported with file, line and field. */
class EscalationConfigTest {
    static final Path FIXTURES = Path.of("src/test/resources/config").toAbsolutePath();

    static List<String> errors(String fixture, Optional<Set<String>> schedules) throws Exception {
        String text = Files.readString(FIXTURES.resolve(fixture));
        YamlDocument document = YamlDocument.parse(fixture, text, name -> null);
        List<ConfigError> errors = new java.util.ArrayList<>(document.errors());
        Optional<AppConfig> config = document.bind(Yaml.mapper(), AppConfig.class, errors);
        if (config.isPresent()) {
            errors.addAll(ConfigValidator.validate(config.get(), document, FIXTURES, schedules));
        }
        return errors.stream().map(ConfigError::toString).toList();
    }

    @Test
    void everyEscalationMistakeIsReportedWithItsLine() throws Exception {
        assertThat(errors("bad-escalation.yml", Optional.of(Set.of("primary", "secondary")))).containsExactly(
                "bad-escalation.yml:7: escalation_policies[0].page_channels[0]: unknown channel 'slack-oncal' (did you mean 'slack-oncall'?)",
                "bad-escalation.yml:9: escalation_policies[0].steps[0].targets[0]: unknown person 'alise' (did you mean 'alice'?)",
                "bad-escalation.yml:9: escalation_policies[0].steps[0].delay: must be greater than zero",
                "bad-escalation.yml:10: escalation_policies[0].steps[1].targets: an escalation step needs at least one target"
                        + " (schedule:NAME, person:NAME or channel:NAME)",
                "bad-escalation.yml:11: escalation_policies[0].steps[2].targets[0]: 'team:ops' is not a target: use schedule:NAME,"
                        + " person:NAME or channel:NAME",
                "bad-escalation.yml:11: escalation_policies[0].steps[2].targets[1]: unknown channel 'nowhere'",
                "bad-escalation.yml:11: escalation_policies[0].steps[2].delay: missing: how long this step waits for an acknowledgement"
                        + " (only the last step may have none)",
                "bad-escalation.yml:12: escalation_policies[0].steps[3].targets[0]: unknown schedule 'primery' (did you mean 'primary'?)",
                "bad-escalation.yml:14: services[0].escalation_policy: unknown escalation policy 'agente'");
    }

    @Test
    void aNegativeDelayIsRefusedWhereItIsWritten() throws Exception {
        assertThat(errors("negative-delay.yml", Optional.empty())).containsExactly(
                "negative-delay.yml:5: escalation_policies[0].steps[0].delay: invalid duration '-5m' (use a number and a unit: 500ms, 30s, 5m, 1h, 7d)");
    }

    @Test
    void theExampleConfigurationIsValid() {
        var result = new ConfigLoader(name -> null, Path.of("").toAbsolutePath())
                .load(Optional.of(Path.of("../examples/agente-api/firebreak.yml")));
        assertThat(result).isInstanceOf(ConfigLoader.Result.Loaded.class);
        var config = ((ConfigLoader.Result.Loaded) result).config().config();
        assertThat(config.escalationPolicies()).singleElement().satisfies(policy -> {
            assertThat(policy.steps()).extracting(step -> step.targets().get(0)).containsExactly(
                    "schedule:primary", "schedule:secondary", "schedule:incident-commander", "person:team-lead", "person:director");
            assertThat(policy.unresolvedAfter()).hasHours(2);
        });
    }
}
