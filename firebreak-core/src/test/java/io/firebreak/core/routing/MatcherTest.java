package io.firebreak.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matcher parsing; the regex engine is whatever the caller passes (here the JDK's, in the server RE2/J). */
class MatcherTest {

    @Test
    void onlyRegexOperatorsAreCompiledWithTheGivenEngine() {
        List<String> compiled = new ArrayList<>();
        Regex.Compiler recording = expression -> {
            compiled.add(expression);
            return input -> input.equals("SEV1");
        };
        var equal = Matcher.parse("service=\"api\"", recording);
        var regex = Matcher.parse("severity=~\"SEV1|SEV2\"", recording);
        var notRegex = Matcher.parse("team!~ops", recording);

        assertThat(compiled).containsExactly("SEV1|SEV2", "ops");
        assertThat(equal).isInstanceOf(Matcher.Parsed.Ok.class);
        Matcher severity = ((Matcher.Parsed.Ok) regex).matcher();
        assertThat(severity.matches(Map.of("severity", "SEV1"))).isTrue();
        assertThat(severity.matches(Map.of("severity", "SEV2"))).isFalse();   // the engine decides, not Matcher
        assertThat(((Matcher.Parsed.Ok) notRegex).matcher().matches(Map.of())).isTrue();
    }

    @Test
    void jdkTestEngineAnchorsLikeAlertmanager() {
        Matcher severity = JdkRegex.matcher("severity=~\"SEV1|SEV2\"");
        assertThat(severity.matches(Map.of("severity", "SEV2"))).isTrue();
        assertThat(severity.matches(Map.of("severity", "SEV10"))).isFalse();
        assertThat(severity.matches(Map.of("severity", "xSEV1"))).isFalse();
    }

    @Test
    void engineErrorsBecomeTheInvalidReason() {
        Regex.Compiler refusing = expression -> {
            throw new IllegalArgumentException("missing closing )");
        };
        assertThat(Matcher.parse("severity=~\"SEV(1|2\"", refusing))
                .isEqualTo(new Matcher.Parsed.Invalid("invalid regex in 'severity=~\"SEV(1|2\"': missing closing )"));
        assertThat(Matcher.of("severity", Matcher.Op.NOT_REGEX, "SEV(1|2", refusing))
                .isEqualTo(new Matcher.Parsed.Invalid("invalid regex: missing closing )"));
        assertThat(Matcher.parse("severity=\"SEV(1|2\"", refusing)).isInstanceOf(Matcher.Parsed.Ok.class);
    }

    @Test
    void quotedValuesRoundTripThroughToString() {
        Matcher matcher = JdkRegex.matcher("summary=\"say \\\"hi\\\", then \\\\ go\"");
        assertThat(matcher.value()).isEqualTo("say \"hi\", then \\ go");
        assertThat(JdkRegex.matcher(matcher.toString())).isEqualTo(matcher);
        assertThat(Matcher.parse("summary=a,b", JdkRegex.COMPILER))
                .isEqualTo(new Matcher.Parsed.Invalid("matcher value in 'summary=a,b' must be quoted"));
    }

    @Test
    void aRegexMatcherCannotBeBuiltWithoutItsCompiledRegex() {
        assertThatThrownBy(() -> new Matcher("severity", Matcher.Op.REGEX, "SEV1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a =~ matcher needs a compiled regex");
        assertThatThrownBy(() -> new Matcher("severity", Matcher.Op.EQUAL, "SEV1", input -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a = matcher takes no compiled regex");
    }
}
