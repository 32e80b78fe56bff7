package io.firebreak.core.recovery;

import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A simulate run judged as a drill: the seed's target is detection in under five minutes, so the run passes
 * when it detected at least one incident, every one within {@link #TARGET}, and it went as the scenario
 * expects. The worst time to detect is the run's measured duration.
 */
public record MttdDrill(boolean passed, Optional<Duration> worst, Optional<Duration> mean, String note) {
    public static final Duration TARGET = Duration.ofMinutes(5);

    /** Judges a run of {@code scenario} from the times to detect of its incidents. */
    public static MttdDrill judge(String scenario, List<Duration> timesToDetect, boolean asExpected) {
        if (timesToDetect.isEmpty()) {
            return new MttdDrill(false, Optional.empty(), Optional.empty(), "simulate " + scenario + ": no incident detected (target MTTD < "
                    + Durations.format(TARGET) + ")");
        }
        Duration worst = timesToDetect.stream().max(Duration::compareTo).orElseThrow();
        Duration mean = timesToDetect.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(timesToDetect.size());
        boolean passed = asExpected && worst.compareTo(TARGET) < 0;
        String note = "simulate " + scenario + ": " + timesToDetect.size() + " incident(s), MTTD mean " + Durations.format(mean.withNanos(0))
                + ", worst " + Durations.format(worst.withNanos(0)) + " (target < " + Durations.format(TARGET) + ")"
                + (asExpected ? "" : "; differs from what the scenario expects");
        return new MttdDrill(passed, Optional.of(worst), Optional.of(mean), note);
    }
}
