package io.firebreak.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.firebreak.core.routing.Matcher;
import io.firebreak.core.routing.Regex;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matchers users write run on RE2/J: Alertmanager's syntax and anchoring, and no catastrophic backtracking. */
class Re2MatchersTest {

    static Map<String, String> labels(String name, String value) {
        return Map.of(name, value);
    }

    @Test
    void catastrophicBacktrackingPatternsFinishInLinearTime() {
        String hostile = "a".repeat(100_000) + "b";
        Matcher nested = Re2Matchers.parseValid("path=~\"(a+)+$\"");
        Matcher tripleNested = Re2Matchers.parseValid("path=~\"((a+)+)+c\"");
        Matcher negated = Re2Matchers.parseValid("path!~\"(a*)*c\"");
        // The JDK's backtracking engine needs about a minute for ((a+)+)+c on 30 characters (measured
        // on JDK 25); RE2/J takes milliseconds on 100,000.
        boolean[] results = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> new boolean[] {
                nested.matches(labels("path", hostile)),
                tripleNested.matches(labels("path", hostile)),
                negated.matches(labels("path", hostile))});
        assertThat(results).containsExactly(false, false, true);
    }

    @Test
    void regexesAreAnchoredToTheWholeValueLikeAlertmanager() {
        Matcher severity = Re2Matchers.parseValid("severity=~\"SEV1|SEV2\"");
        assertThat(severity.matches(labels("severity", "SEV2"))).isTrue();
        assertThat(severity.matches(labels("severity", "SEV10"))).isFalse();
        assertThat(severity.matches(labels("severity", "xSEV1"))).isFalse();
        assertThat(severity.matches(Map.of())).isFalse();

        Matcher anything = Re2Matchers.parseValid("team=~\".*\"");
        assertThat(anything.matches(Map.of())).isTrue();   // a missing label is the empty string
        Matcher notDatabase = Re2Matchers.parseValid("service!~\"db-.+\"");
        assertThat(notDatabase.matches(labels("service", "db-main"))).isFalse();
        assertThat(notDatabase.matches(labels("service", "api-db-main"))).isTrue();

        Regex receiver = Re2Matchers.compile("firebreak|slack");
        assertThat(receiver.matches("firebreak")).isTrue();
        assertThat(receiver.matches("firebreak-2")).isFalse();
    }

    @Test
    void syntaxRe2DoesNotHaveIsRefusedWithItsReason() {
        assertThat(Re2Matchers.parse("instance=~\"(?=db).*\"")).isInstanceOfSatisfying(Matcher.Parsed.Invalid.class, invalid ->
                assertThat(invalid.reason()).isEqualTo("invalid regex in 'instance=~\"(?=db).*\"': invalid or unsupported Perl syntax"));
        assertThat(Re2Matchers.of("x", Matcher.Op.REGEX, "(a)\\1")).isInstanceOfSatisfying(Matcher.Parsed.Invalid.class, invalid ->
                assertThat(invalid.reason()).startsWith("invalid regex: "));
        assertThat(Re2Matchers.parse("severity=~\"SEV(1|2\""))
                .isEqualTo(new Matcher.Parsed.Invalid("invalid regex in 'severity=~\"SEV(1|2\"': missing closing )"));
        assertThatThrownBy(() -> Re2Matchers.parseValid("severity=~\"SEV(1|2\"")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnreadableStoredRegexMatchesNothing() {
        Matcher positive = Re2Matchers.matchingNothing("instance=~\"(?=db).*\"");
        Matcher negative = Re2Matchers.matchingNothing("instance!~\"(?=db).*\"");
        for (String value : new String[] {"", "db-1", "api"}) {
            assertThat(positive.matches(labels("instance", value))).isFalse();
            assertThat(negative.matches(labels("instance", value))).isFalse();
        }
        assertThat(positive.toString()).isEqualTo("instance=~\"(?=db).*\"");
    }
}
