package io.firebreak.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MttdDrillTest {
    record Case(String description, List<Duration> times, boolean asExpected, boolean passed, String note) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case("all detected quickly", List.of(Duration.ofSeconds(90), Duration.ofSeconds(30)), true, true,
                        "simulate s: 2 incident(s), MTTD mean 1m, worst 1m30s (target < 5m)"),
                new Case("exactly five minutes misses the target", List.of(Duration.ofMinutes(5)), true, false,
                        "simulate s: 1 incident(s), MTTD mean 5m, worst 5m (target < 5m)"),
                new Case("fast but not as the scenario expects", List.of(Duration.ofSeconds(30)), false, false,
                        "simulate s: 1 incident(s), MTTD mean 30s, worst 30s (target < 5m); differs from what the scenario expects"),
                new Case("nothing detected", List.of(), true, false, "simulate s: no incident detected (target MTTD < 5m)"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aSimulateRunPassesAsADrillWhenEveryIncidentIsDetectedWithinFiveMinutes(Case c) {
        MttdDrill drill = MttdDrill.judge("s", c.times(), c.asExpected());
        assertThat(drill.passed()).as(c.description()).isEqualTo(c.passed());
        assertThat(drill.note()).isEqualTo(c.note());
    }
}
