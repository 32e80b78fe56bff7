package io.firebreak.server.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A Prometheus rule file: top-level {@code groups:}, as Prometheus itself reads it. */
record PrometheusRuleFile(List<Group> groups) {
    PrometheusRuleFile {
        groups = groups == null ? List.of() : groups;
    }

    record Group(String name, Duration interval, Integer limit, List<Spec> rules, Map<String, String> labels) {
        Group {
            rules = rules == null ? List.of() : rules;
        }
    }

    record Spec(String alert, String record, String expr, @com.fasterxml.jackson.annotation.JsonProperty("for") Duration duration, Duration keepFiringFor,
                Map<String, String> labels, Map<String, String> annotations) {}
}
