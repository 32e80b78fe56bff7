package io.firebreak.server.config;

import java.time.Duration;
import java.util.List;

/**
 * A recovery procedure run as a timed checklist ({@code firebreak recover start NAME INC-ID}): its steps in
 * order, each with the time it is planned to take, so the recovery shows planned against actual per step.
 */
public record ProcedureConfig(String name, String title, List<Step> steps) {
    public ProcedureConfig {
        name = name == null ? "" : name;
        title = title == null ? name : title;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** One step: what to do and how long it is planned to take. */
    public record Step(String title, Duration planned) {
        public Step {
            title = title == null ? "" : title;
        }
    }

    public Duration planned() {
        return steps.stream().map(Step::planned).filter(java.util.Objects::nonNull).reduce(Duration.ZERO, Duration::plus);
    }
}
