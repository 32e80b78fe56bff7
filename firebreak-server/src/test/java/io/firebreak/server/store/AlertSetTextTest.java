package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.Fingerprint;
import io.firebreak.core.rule.RuleState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rule's alert set with the incident of each alert, as DetectionStore writes it, read back unchanged. */
class AlertSetTextTest {
    static final Instant T = Instant.parse("2026-11-28T03:00:00Z");

    @Test
    void alertSetsReadBackWithTimersValuesAndAwkwardLabels() throws Exception {
        Map<String, String> awkward = Map.of("alertname", "x", "path", "\"q\"\\\n\u0001\u2028 🔥", "a:b", "");
        Map<String, String> plain = Map.of("alertname", "x", "instance", "h:1");
        RuleState state = new RuleState(Map.of(
                Fingerprint.of(awkward), new AlertInstance(Fingerprint.of(awkward), awkward, AlertState.FIRING, T, T.plusSeconds(5),
                        T.plusSeconds(9), Double.NEGATIVE_INFINITY),
                Fingerprint.of(plain), new AlertInstance(Fingerprint.of(plain), plain, AlertState.PENDING, T, null, null, 1e-300)));

        Map<String, String> links = Map.of(Fingerprint.of(awkward), "INC-20261128-0001");

        assertThat(DetectionStore.alertSet("x", DetectionStore.alertSetText(state, links)))
                .isEqualTo(new DetectionStore.AlertSet("x", state, links));
        assertThat(DetectionStore.alertSet("x", DetectionStore.alertSetText(RuleState.inactive(), Map.of())))
                .isEqualTo(new DetectionStore.AlertSet("x", RuleState.inactive(), Map.of()));
    }
}
