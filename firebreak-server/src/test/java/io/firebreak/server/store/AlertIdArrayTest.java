package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The id array literal of ingestion's one read per commit on PostgreSQL. */
class AlertIdArrayTest {
    @Test
    void idsOfASourceAndAFingerprintGoAsTheyAre() {
        assertThat(AlertStore.arrayLiteral(List.of("push:0a1b2c3d4e5f6789", "alertmanager:ffffffffffffffff")))
                .isEqualTo("{push:0a1b2c3d4e5f6789,alertmanager:ffffffffffffffff}");
        assertThat(AlertStore.arrayLiteral(List.of())).isEqualTo("{}");
    }

    @Test
    void anythingElseIsQuotedAndEscaped() {
        assertThat(AlertStore.arrayLiteral(List.of("a,b", "say \"hi\"", "back\\slash", "NULL", "", "x y")))
                .isEqualTo("{\"a,b\",\"say \\\"hi\\\"\",\"back\\\\slash\",\"NULL\",\"\",\"x y\"}");
    }
}
