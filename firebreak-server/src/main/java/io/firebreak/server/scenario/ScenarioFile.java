package io.firebreak.server.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A scenario file as written; checked and turned into a {@link Scenario} by {@link ScenarioLoader}. */
record ScenarioFile(String name, String description, String rules, Duration step, List<SeriesSpec> series, List<ExpectSpec> expect) {
    record SeriesSpec(String rule, Map<String, String> labels, String values) {}

    record ExpectSpec(String rule, String severity, Duration opensAfter, Duration resolvesAfter, Boolean reopens) {}
}
