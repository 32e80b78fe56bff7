package io.firebreak.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Prometheus credentials and webhook headers: how they load, which combinations are refused, and that errors never show them. */
class SecretsConfigTest {
    static final Map<String, String> ENV = Map.of(
            "PROMETHEUS_PASSWORD", "planted-prom-pw",
            "PROMETHEUS_TOKEN", "planted-prom-token",
            "HOOK_TOKEN", "planted-hook-url-token",
            "HOOK_HEADER_TOKEN", "planted-hook-header");

    static ConfigLoader.Result load(String fixture) {
        return new ConfigLoader(ENV::get, ConfigLoaderTest.FIXTURES).load(Optional.of(Path.of(fixture)));
    }

    static List<String> errors(String fixture) {
        var result = load(fixture);
        assertThat(result).isInstanceOf(ConfigLoader.Result.Invalid.class);
        List<String> errors = ((ConfigLoader.Result.Invalid) result).errors().stream().map(ConfigError::toString).toList();
        assertThat(String.join("\n", errors)).doesNotContain("planted");
        return errors;
    }

    @Test
    void prometheusBasicAuthAndWebhookHeadersLoadAndPrintAsSecrets() {
        var result = load("prometheus-auth.yml");
        assertThat(result).isInstanceOf(ConfigLoader.Result.Loaded.class);
        AppConfig config = ((ConfigLoader.Result.Loaded) result).config().config();
        assertThat(config.prometheus().username()).isEqualTo("firebreak");
        assertThat(config.prometheus().password().value()).isEqualTo("planted-prom-pw");
        assertThat(config.channels().get(0).headers().get("Authorization").value()).isEqualTo("Bearer planted-hook-header");
        assertThat(config.channels().get(0).headers().get("X-Team").value()).isEqualTo("sre");
        assertThat(config.toString()).doesNotContain("planted").contains("password=<secret>").contains("Authorization=<secret>");
    }

    @Test
    void basicAuthAndABearerTokenExcludeEachOther() {
        assertThat(errors("prometheus-auth-conflict.yml")).containsExactly(
                "prometheus-auth-conflict.yml:5: prometheus.bearer_token: basic auth (username, password) and a bearer token exclude each other: use one");
    }

    @Test
    void credentialsInAUrlAndInTheKeysExcludeEachOther() {
        assertThat(errors("prometheus-url-credentials-conflict.yml")).containsExactly(
                "prometheus-url-credentials-conflict.yml:4: prometheus.urls[1]: credentials in the URL and prometheus.bearer_token both set: use one");
    }

    @Test
    void aTokenAndATokenFileExcludeEachOther() {
        assertThat(errors("prometheus-token-and-file.yml")).containsExactly(
                "prometheus-token-and-file.yml:3: prometheus.bearer_token_file: at most one of bearer_token and bearer_token_file");
    }

    @Test
    void aMissingTokenFileIsReportedRelativeToTheConfig() {
        assertThat(errors("prometheus-missing-token-file.yml")).containsExactly(
                "prometheus-missing-token-file.yml:2: prometheus.bearer_token_file: file 'secrets/nowhere.txt' not found or not readable"
                        + " (relative paths are relative to the config file)");
    }

    @Test
    void aPasswordNeedsAUsername() {
        assertThat(errors("prometheus-password-without-username.yml")).containsExactly(
                "prometheus-password-without-username.yml:2: prometheus.password: a password needs prometheus.username");
    }

    @Test
    void invalidUrlsAreEchoedWithTheirSecretsMasked() {
        assertThat(errors("prometheus-bad-url.yml")).containsExactly(
                "prometheus-bad-url.yml:3: prometheus.urls[0]: not an http(s) URL 'htp://firebreak:<secret>@prometheus.example.com'",
                "prometheus-bad-url.yml:4: prometheus.urls[1]: not a valid URL 'https://prometheus.example.com/a b?api_key=<secret>'",
                "prometheus-bad-url.yml:6: server.external_url: not a valid URL 'https://firebreak.example.com/x y?token=<secret>'");
    }

    @Test
    void headerNamesAreCheckedAndValuesNeverEchoed() {
        assertThat(errors("bad-headers.yml")).containsExactlyInAnyOrder(
                "bad-headers.yml:6: channels[0].headers.X Bad: not a valid HTTP header name",
                "bad-headers.yml:7: channels[0].headers.Host: set by the HTTP client itself; remove it",
                "bad-headers.yml:8: channels[0].headers.Authorization: the value contains a line break or control character");
    }
}
