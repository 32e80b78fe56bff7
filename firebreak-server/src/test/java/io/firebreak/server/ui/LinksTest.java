package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinksTest {
    record Case(String description, String input, boolean accepted) {}

    static Stream<Case> nextPaths() {
        return Stream.of(
                new Case("root", "/", true),
                new Case("incident with query", "/incidents/INC-20261129-001?x=1", true),
                new Case("protocol-relative", "//evil.example/x", false),
                new Case("backslash host", "/\\evil.example", false),
                new Case("absolute URL", "https://evil.example/", false),
                new Case("javascript", "javascript:alert(1)", false),
                new Case("relative without slash", "incidents", false),
                new Case("header injection", "/x\r\nSet-Cookie: a=b", false),
                new Case("empty", "", false));
    }

    @ParameterizedTest
    @MethodSource("nextPaths")
    void safeNextAcceptsOnlyLocalPaths(Case c) {
        assertThat(Links.safeNext(c.input()).isPresent()).as(c.description()).isEqualTo(c.accepted());
    }

    static Stream<Case> links() {
        return Stream.of(
                new Case("http", "http://prometheus:9090/graph?g0.expr=up", true),
                new Case("https", "https://wiki.example.com/rb", true),
                new Case("javascript", "javascript:alert(1)", false),
                new Case("upper-case javascript", "JaVaScRiPt:alert(1)", false),
                new Case("data", "data:text/html,<script>alert(1)</script>", false),
                new Case("no host", "http:///x", false),
                new Case("relative", "/graph", false),
                new Case("leading space", " javascript:alert(1)", false));
    }

    @ParameterizedTest
    @MethodSource("links")
    void onlyHttpUrlsWithAHostBecomeLinks(Case c) {
        assertThat(Links.isHttp(c.input())).as(c.description()).isEqualTo(c.accepted());
    }

    static Stream<Arguments> ages() {
        return Stream.of(Arguments.of(Duration.ofSeconds(45), "45s"), Arguments.of(Duration.ofMinutes(12), "12m"),
                Arguments.of(Duration.ofMinutes(185), "3h 5m"), Arguments.of(Duration.ofHours(52), "2d 4h"),
                Arguments.of(Duration.ofSeconds(-5), "0s"));
    }

    @ParameterizedTest
    @MethodSource("ages")
    void agesReadAsShortWords(Duration duration, String expected) {
        assertThat(Views.age(duration)).isEqualTo(expected);
    }
}
