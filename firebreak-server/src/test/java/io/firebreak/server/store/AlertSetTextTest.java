package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.Fingerprint;
import io.firebreak.core.rule.RuleState;
import io.firebreak.core.rule.SortedLabels;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rule's alert set with the incident of each alert, as DetectionStore writes it (format 2: shared
 * labels and incident ids once a set, and the fields most alerts share once, as "common"), read back
 * unchanged; and sets written before (format 2 without "common"; format 1, before format 2 and by
 * V0018's migration) still read the same.
 */
class AlertSetTextTest {
    static final Instant T = Instant.parse("2026-11-28T03:00:00Z");

    static AlertInstance alert(Map<String, String> labels, AlertState state, Instant firedAt, Instant keepFiringSince, double value) {
        return new AlertInstance(Fingerprint.of(labels), labels, state, T, firedAt, keepFiringSince, value);
    }

    static RuleState state(AlertInstance... alerts) {
        Map<String, AlertInstance> instances = new HashMap<>();
        for (AlertInstance alert : alerts) {
            instances.put(alert.fingerprint(), alert);
        }
        return new RuleState(instances);
    }

    @Test
    void alertSetsReadBackWithTimersValuesAndAwkwardLabels() throws Exception {
        Map<String, String> awkward = Map.of("alertname", "x", "path", "\"q\"\\\n\u0001\u2028 🔥", "a:b", "");
        Map<String, String> plain = Map.of("alertname", "x", "instance", "h:1");
        RuleState state = state(alert(awkward, AlertState.FIRING, T.plusSeconds(5), T.plusSeconds(9), Double.NEGATIVE_INFINITY),
                alert(plain, AlertState.PENDING, null, null, 1e-300));
        Map<String, String> links = Map.of(Fingerprint.of(awkward), "INC-20261128-0001");

        for (String text : new String[] {DetectionStore.alertSetText(state, links), DetectionStore.alertSetTextFormat1(state, links)}) {
            assertThat(DetectionStore.alertSet("x", text)).isEqualTo(new DetectionStore.AlertSet("x", state, links));
        }
        for (String text : new String[] {DetectionStore.alertSetText(RuleState.inactive(), Map.of()),
                DetectionStore.alertSetTextFormat1(RuleState.inactive(), Map.of())}) {
            assertThat(DetectionStore.alertSet("x", text)).isEqualTo(new DetectionStore.AlertSet("x", RuleState.inactive(), Map.of()));
        }
    }

    @Test
    void labelsSharedByEveryAlertAndEachIncidentAreWrittenOnceASet() throws Exception {
        // "job" is shared; "zone" only by two of three alerts, and "extra" by one: those stay with their alerts.
        Map<String, String> a = Map.of("alertname", "cpu", "job", "api \"main\"", "instance", "10.0.0.1:80", "zone", "eu");
        Map<String, String> b = Map.of("alertname", "cpu", "job", "api \"main\"", "instance", "10.0.0.2:80", "zone", "eu");
        Map<String, String> c = Map.of("alertname", "cpu", "job", "api \"main\"", "instance", "10.0.0.3:80", "extra", "");
        RuleState state = state(alert(a, AlertState.FIRING, T, null, 99), alert(b, AlertState.FIRING, T, null, 98.5),
                alert(c, AlertState.PENDING, null, null, 97));
        Map<String, String> links = Map.of(Fingerprint.of(a), "INC-20261128-0007", Fingerprint.of(b), "INC-20261128-0007");

        String text = DetectionStore.alertSetText(state, links);

        assertThat(text).startsWith("{\"labels\":{\"alertname\":\"cpu\",\"job\":\"api \\\"main\\\"\"},\"incidents\":[\"INC-20261128-0007\"],");
        assertThat(text.split("INC-20261128-0007", -1)).hasSize(2);
        assertThat(text.split("\"zone\"", -1)).hasSize(3);
        assertThat(DetectionStore.alertSet("cpu", text)).isEqualTo(new DetectionStore.AlertSet("cpu", state, links));
        assertThat(text.length()).isLessThan(DetectionStore.alertSetTextFormat1(state, links).length());
    }

    @Test
    void oneAlertHasAllItsLabelsShared() throws Exception {
        Map<String, String> only = Map.of("alertname", "up", "instance", "h:9");
        RuleState state = state(alert(only, AlertState.FIRING, T, null, 0));

        String text = DetectionStore.alertSetText(state, Map.of());

        assertThat(text).isEqualTo("{\"labels\":{\"alertname\":\"up\",\"instance\":\"h:9\"},\"incidents\":[],\"common\":[\"FIRING\","
                + T.toEpochMilli() + "," + T.toEpochMilli() + ",null,\"0.0\",null],\"alerts\":[[{}]]}");
        assertThat(DetectionStore.alertSet("up", text)).isEqualTo(new DetectionStore.AlertSet("up", state, Map.of()));
    }

    @Test
    void alertsThatStartedFiredAndJoinedTogetherAreTheirOwnLabelsAlone() throws Exception {
        Map<String, String> links = new HashMap<>();
        AlertInstance[] storm = new AlertInstance[100];
        SortedLabels like = null;
        for (int i = 0; i < storm.length; i++) {
            // As a rule's answer gives them: sorted labels sharing one array of names.
            SortedLabels labels = SortedLabels.of(Map.of("alertname", "cpu", "job", "api", "instance", "10.0.0." + i + ":80"), like);
            like = labels;
            storm[i] = alert(labels, AlertState.FIRING, T, null, 99);
            links.put(Fingerprint.of(labels), "INC-20261128-0001");
        }
        RuleState state = state(storm);

        String text = DetectionStore.alertSetText(state, links);

        assertThat(text).contains(",\"common\":[\"FIRING\"," + T.toEpochMilli() + "," + T.toEpochMilli() + ",null,\"99.0\",0],");
        assertThat(text.split("FIRING", -1)).hasSize(2);   // once, in "common"
        assertThat(text).startsWith("{\"labels\":{\"alertname\":\"cpu\",\"job\":\"api\"},").contains("[{\"instance\":\"10.0.0.7:80\"}]");
        assertThat(DetectionStore.alertSet("cpu", text)).isEqualTo(new DetectionStore.AlertSet("cpu", state, links));
    }

    @Test
    void alertsUnlikeTheFirstInStateTimersValueOrIncidentKeepTheirOwn() throws Exception {
        SortedLabels a = SortedLabels.of(Map.of("alertname", "cpu", "instance", "a"));
        SortedLabels b = SortedLabels.of(Map.of("alertname", "cpu", "instance", "b"), a);
        SortedLabels c = SortedLabels.of(Map.of("alertname", "cpu", "instance", "c"), a);
        SortedLabels d = SortedLabels.of(Map.of("alertname", "cpu", "instance", "d"), a);
        SortedLabels e = SortedLabels.of(Map.of("alertname", "cpu", "instance", "e"), a);
        RuleState state = state(alert(a, AlertState.FIRING, T, null, 99), alert(b, AlertState.FIRING, T, null, 98),
                alert(c, AlertState.PENDING, null, null, 99), alert(d, AlertState.FIRING, T, null, 99),
                alert(e, AlertState.FIRING, T, T.plusSeconds(3), 99));
        // b's value, c's state and timers, d's incident and e's keep-firing timer differ from a's.
        Map<String, String> links = Map.of(Fingerprint.of(a), "INC-20261128-0001", Fingerprint.of(b), "INC-20261128-0001",
                Fingerprint.of(d), "INC-20261128-0002", Fingerprint.of(e), "INC-20261128-0001");

        String text = DetectionStore.alertSetText(state, links);

        assertThat(text).contains("[{\"instance\":\"a\"}]").doesNotContain("[{\"instance\":\"b\"}]")
                .doesNotContain("[{\"instance\":\"c\"}]").doesNotContain("[{\"instance\":\"d\"}]")
                .doesNotContain("[{\"instance\":\"e\"}]");
        assertThat(DetectionStore.alertSet("cpu", text)).isEqualTo(new DetectionStore.AlertSet("cpu", state, links));
    }

    @Test
    void sortedLabelsWithOtherNamesThanTheFirstAlertsAreWrittenByName() throws Exception {
        SortedLabels a = SortedLabels.of(Map.of("alertname", "cpu", "job", "api", "instance", "a"));
        SortedLabels b = SortedLabels.of(Map.of("alertname", "cpu", "job", "api", "instance", "b"), a);
        SortedLabels z = SortedLabels.of(Map.of("alertname", "cpu", "job", "api", "instance", "z", "zone", "eu"), a);
        RuleState state = state(alert(a, AlertState.FIRING, T, null, 1), alert(b, AlertState.FIRING, T, null, 1),
                alert(z, AlertState.FIRING, T, null, 1));

        String text = DetectionStore.alertSetText(state, Map.of());

        assertThat(text).startsWith("{\"labels\":{\"alertname\":\"cpu\",\"job\":\"api\"},")
                .contains("[{\"instance\":\"z\",\"zone\":\"eu\"}]");
        assertThat(DetectionStore.alertSet("cpu", text)).isEqualTo(new DetectionStore.AlertSet("cpu", state, Map.of()));
    }

    @Test
    void aSetWrittenWithoutCommonFieldsIsRead() throws Exception {
        // Format 2 as written before "common": every alert with all its fields.
        String text = "{\"labels\":{\"alertname\":\"up\"},\"incidents\":[\"INC-20261128-0003\"],\"alerts\":[[{\"instance\":\"h:9\"},\"FIRING\","
                + T.toEpochMilli() + "," + T.toEpochMilli() + ",null,\"0.0\",0],[{\"instance\":\"h:8\"},\"PENDING\"," + T.toEpochMilli()
                + ",null,null,\"2.5\",null]]}";
        Map<String, String> h9 = Map.of("alertname", "up", "instance", "h:9");
        Map<String, String> h8 = Map.of("alertname", "up", "instance", "h:8");

        assertThat(DetectionStore.alertSet("up", text)).isEqualTo(new DetectionStore.AlertSet("up",
                state(alert(h9, AlertState.FIRING, T, null, 0), alert(h8, AlertState.PENDING, null, null, 2.5)),
                Map.of(Fingerprint.of(h9), "INC-20261128-0003")));
    }

    @Test
    void aSetWrittenByV0018sMigrationIsRead() throws Exception {
        // Format 1 exactly as V0018's SQL builds it from the rows of rule_instances.
        String text = "[[{\"alertname\":\"disk_full\",\"instance\":\"b:1\"},\"FIRING\"," + T.toEpochMilli() + "," + (T.toEpochMilli() + 60_000)
                + ",null,\"93.5\",\"INC-20261128-0002\"]]";
        Map<String, String> labels = Map.of("alertname", "disk_full", "instance", "b:1");

        assertThat(DetectionStore.alertSet("disk_full", text)).isEqualTo(new DetectionStore.AlertSet("disk_full",
                state(alert(labels, AlertState.FIRING, T.plusSeconds(60), null, 93.5)), Map.of(Fingerprint.of(labels), "INC-20261128-0002")));
    }
}
