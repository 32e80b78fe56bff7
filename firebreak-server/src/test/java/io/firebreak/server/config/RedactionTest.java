package io.firebreak.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RedactionTest {
    record Case(String description, String input, String expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("user-info password", "http://scraper:s3cret@prom:9090", "http://scraper:<secret>@prom:9090"),
                new Case("password with colon and slash", "https://u:a:b/c@h/x", "https://u:<secret>@h/x"),
                new Case("user without password stays", "http://scraper@prom:9090", "http://scraper@prom:9090"),
                new Case("port and path untouched", "http://prom:9090/api?query=up", "http://prom:9090/api?query=up"),
                new Case("query token", "https://h/hook?token=abc&team=sre", "https://h/hook?token=<secret>&team=sre"),
                new Case("api_key, access_token, X-Amz-Signature", "https://h/?api_key=1&access_token=2&X-Amz-Signature=3",
                        "https://h/?api_key=<secret>&access_token=<secret>&X-Amz-Signature=<secret>"),
                new Case("jdbc password parameter", "jdbc:postgresql://db/fb?user=fb&password=pw;sslpassword=x",
                        "jdbc:postgresql://db/fb?user=fb&password=<secret>;sslpassword=<secret>"),
                new Case("URLs inside a message", "prometheus at http://a:pw1@h1, 'http://h2/?secret=pw2' did not answer",
                        "prometheus at http://a:<secret>@h1, 'http://h2/?secret=<secret>' did not answer"),
                new Case("jdbc user-info", "jdbc:postgresql://fb:pw@db:5432/fb", "jdbc:postgresql://fb:<secret>@db:5432/fb"),
                new Case("plain text untouched", "connection refused", "connection refused"),
                new Case("null is empty", null, ""));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void redactsPasswordsAndCredentialParameters(Case c) {
        assertThat(Redaction.url(c.input())).isEqualTo(c.expected());
    }
}
