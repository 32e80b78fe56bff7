package io.firebreak.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final Path FIXTURES = Path.of("src/test/resources/config").toAbsolutePath();
    static final Map<String, String> ENV = Map.of(
            "FIREBREAK_DB_PASSWORD", "db-pass-0001",
            "FIREBREAK_AM_TOKEN", "am-token-0123456789abcdef",
            "SLACK_WEBHOOK_URL", "https://hooks.slack.example/services/T0042/B0042/slack-path-token-0001",
            "PAGERDUTY_ROUTING_KEY", "pd-routing-key-0001",
            "SMTP_PASSWORD", "smtp-pass-0001",
            "STATUSPAGE_KEY", "statuspage-key-0001");

    static ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env::get, FIXTURES);
    }

    static List<String> errors(String fixture) {
        var result = loader(ENV).load(Optional.of(Path.of(fixture)));
        assertThat(result).isInstanceOf(ConfigLoader.Result.Invalid.class);
        return ((ConfigLoader.Result.Invalid) result).errors().stream().map(ConfigError::toString).toList();
    }

    static LoadedConfig loaded(String fixture) {
        var result = loader(ENV).load(Optional.of(Path.of(fixture)));
        assertThat(result).isInstanceOf(ConfigLoader.Result.Loaded.class);
        return ((ConfigLoader.Result.Loaded) result).config();
    }

    @Test
    void fullExampleLoadsWithEnvironmentSubstituted() {
        AppConfig config = loaded("full.yml").config();
        assertThat(config.storage().password().value()).isEqualTo("db-pass-0001");
        assertThat(config.prometheus().urls()).containsExactly("http://127.0.0.1:9090", "http://127.0.0.1:9091");
        assertThat(config.prometheus().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.detection().dedupWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.channels()).hasSize(6);
        assertThat(config.channels().get(3).secret().value()).isEqualTo("default-hook-secret");
        assertThat(config.channels().get(2).smtp().password().value()).isEqualTo("smtp-pass-0001");
        assertThat(config.routes().get(2).events()).containsExactly("opened", "resolved");
        assertThat(config.services()).singleElement().satisfies(s -> assertThat(s.isPublic()).isTrue());
    }

    @Test
    void secretsNeverAppearInToString() {
        String printed = loaded("full.yml").toString();
        for (String secret : ENV.values()) {
            assertThat(printed).doesNotContain(secret);
        }
        assertThat(printed).contains("<secret>");
    }

    @Test
    void defaultsApplyWhenKeysAreMissing() {
        AppConfig config = AppConfig.defaults();
        assertThat(config.storage().url()).isEqualTo("jdbc:sqlite:./data/firebreak.db");
        assertThat(config.detection().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.detection().dedupWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.server().externalUrl()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void unknownKeysAreAllReportedWithLineAndSuggestion() {
        assertThat(errors("unknown-key.yml")).containsExactly(
                "unknown-key.yml:2: storage.ur: unknown key 'ur' (did you mean 'url'?)",
                "unknown-key.yml:4: detection.intervall: unknown key 'intervall' (did you mean 'interval'?)");
    }

    @Test
    void unsupportedSchemeNamesTheAlternatives() {
        assertThat(errors("bad-scheme.yml")).containsExactly(
                "bad-scheme.yml:3: storage.url: unsupported scheme 'mysql' (use jdbc:sqlite: or jdbc:postgresql:)");
    }

    @Test
    void malformedYamlGivesTheLine() {
        assertThat(errors("malformed.yml")).singleElement().asString()
                .startsWith("malformed.yml:4: invalid YAML:");
    }

    @Test
    void missingEnvironmentVariableIsNamed() {
        assertThat(errors("missing-env.yml")).containsExactly(
                "missing-env.yml:3: storage.password: environment variable NOT_SET_ANYWHERE is not set");
    }

    @Test
    void bareNumberIsNotADuration() {
        assertThat(errors("bad-duration.yml")).containsExactly(
                "bad-duration.yml:2: detection.interval: invalid duration '30' (use a number and a unit: 500ms, 30s, 5m, 1h, 7d)");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(errors("duplicate-key.yml")).containsExactly("duplicate-key.yml:3: storage: duplicate key 'storage'");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        assertThat(errors("wrong-type.yml")).singleElement().asString().isEqualTo("wrong-type.yml:2: detection.interval: expected a duration such as 30s, 5m or 1h");
    }

    @Test
    void everyChannelAndRouteErrorIsReported() {
        assertThat(errors("bad-channels.yml")).containsExactly(
                "bad-channels.yml:2: channels[0].url: missing: a Slack incoming-webhook URL",
                "bad-channels.yml:3: channels[1].type: unknown channel type 'pagerduti' (did you mean 'pagerduty'?)",
                "bad-channels.yml:4: channels[2].url: not an http(s) URL",
                "bad-channels.yml:6: routes[0].matchers[0]: invalid regex in 'severity=~\"SEV(1|2\"': missing closing )",
                "bad-channels.yml:7: routes[1].channels[0]: unknown channel 'slack-incident' (did you mean 'slack-incidents'?)",
                "bad-channels.yml:7: routes[1].channels[1]: unknown channel 'nowhere'",
                "bad-channels.yml:8: routes[2].events[1]: unknown event 'exploded' (use opened, reopened, acknowledged, status_changed, escalated, commander_assigned, public_update, resolved, rto_warning, rto_breached)");
    }

    @Test
    void missingRuleFileIsReported() {
        assertThat(errors("missing-rules.yml")).containsExactly(
                "missing-rules.yml:3: rule_files[0]: rule file 'rules.yml' not found (relative paths are relative to the config file)");
    }

    @Test
    void missingConfigFileIsAnError() {
        assertThat(errors("nope.yml")).containsExactly("nope.yml: config file not found");
    }

    @Test
    void relativeSqlitePathIsRelativeToTheConfigFile() {
        LoadedConfig config = loaded("nested/relative.yml");
        assertThat(config.storage().url()).isEqualTo("jdbc:sqlite:" + FIXTURES.resolve("nested/data/firebreak.db"));
    }

    @Test
    void searchOrderIsFlagThenEnvironmentThenLocalFileThenDefaults(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), "detection: {interval: 11s}\n");
        Files.writeString(dir.resolve("other.yml"), "detection: {interval: 22s}\n");
        Files.writeString(dir.resolve("flag.yml"), "detection: {interval: 33s}\n");
        Map<String, String> env = new HashMap<>();
        ConfigLoader local = new ConfigLoader(env::get, dir);

        assertThat(interval(local.load(Optional.of(Path.of("flag.yml"))))).isEqualTo(Duration.ofSeconds(33));
        env.put(ConfigLoader.ENV_VARIABLE, "other.yml");
        assertThat(interval(local.load(Optional.empty()))).isEqualTo(Duration.ofSeconds(22));
        env.clear();
        assertThat(interval(local.load(Optional.empty()))).isEqualTo(Duration.ofSeconds(11));
        Files.delete(dir.resolve("firebreak.yml"));
        var defaults = (ConfigLoader.Result.Loaded) local.load(Optional.empty());
        assertThat(defaults.config().file()).isEmpty();
        assertThat(defaults.config().storage().url()).isEqualTo("jdbc:sqlite:" + dir.resolve("data/firebreak.db"));
    }

    private static Duration interval(ConfigLoader.Result result) {
        return ((ConfigLoader.Result.Loaded) result).config().config().detection().interval();
    }
}
