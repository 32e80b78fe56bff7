package io.firebreak.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogLineTest {

    @Test
    void plainValuesStandBareAndOthersAreQuotedAndEscaped() {
        String line = LogLine.event("evaluation_failed")
                .with("rule", "high_error_rate")
                .with("url", "http://127.0.0.1:9090/api/v1/query")
                .with("error", "bad data: parse error at char 5: unexpected \"}\"\nevent=forged")
                .with("empty", "")
                .with("missing", null)
                .with("count", 3)
                .toString();
        assertThat(line).isEqualTo("event=evaluation_failed rule=high_error_rate url=http://127.0.0.1:9090/api/v1/query"
                + " error=\"bad data: parse error at char 5: unexpected \\\"}\\\"\\nevent=forged\" empty=\"\" missing=\"\" count=3");
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void longValuesAreCutAndControlCharactersEscaped() {
        assertThat(LogLine.quoted("x".repeat(400))).isEqualTo("x".repeat(LogLine.MAX_VALUE) + "...");
        assertThat(LogLine.quoted("a\u0007b\\c\td")).isEqualTo("\"a\\u0007b\\\\c\\td\"");
    }

    @Test
    void keysAreSnakeCase() {
        assertThatThrownBy(() -> LogLine.event("x").with("Bad Key", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
