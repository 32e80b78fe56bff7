package io.firebreak.server.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A rule file in the seed's format: top-level {@code rules:}. Bound as-is, then checked by {@link RuleFileLoader}. */
record SeedRuleFile(List<Spec> rules) {
    SeedRuleFile {
        rules = rules == null ? List.of() : rules;
    }

    record Spec(String name, String query, String comparison, Double threshold, Duration duration,
                Duration keepFiringFor, String severity, String service, String runbook, String summary,
                String description, List<String> groupBy, String onMissing, Boolean autoResolve,
                Map<String, String> labels, Duration interval) {}
}
