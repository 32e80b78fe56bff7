package io.firebreak.core.rule;

import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A detection rule, from either file format. A seed-format rule compares each sample of its query
 * with {@code threshold}; a Prometheus alerting rule has no comparison: every sample its
 * expression returns is active, exactly as in Prometheus.
 *
 * @param group          the rule group (Prometheus files) or the file name (seed files)
 * @param comparison     empty for Prometheus alerting rules
 * @param holdFor        how long the condition must hold before firing ({@code for} / {@code duration})
 * @param keepFiringFor  how long a firing alert stays firing after the condition clears
 * @param labels         labels added to every alert of the rule
 * @param groupBy        labels that split alerts into separate incidents (besides rule and service)
 * @param fireOnMissing  an empty query result counts as one breached instance
 * @param autoResolve    resolve the incident when all its alerts resolve
 * @param interval       evaluation interval for this rule's group, empty for the global one
 * @param origin         {@code file:line} where the rule is defined, for messages
 */
public record Rule(
        String name,
        String group,
        String query,
        Optional<Comparison> comparison,
        double threshold,
        Duration holdFor,
        Duration keepFiringFor,
        Severity severity,
        String service,
        String runbook,
        String summary,
        String description,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> groupBy,
        boolean fireOnMissing,
        boolean autoResolve,
        Optional<Duration> interval,
        String origin) {

    public Rule {
        if (name == null || name.isBlank() || query == null || query.isBlank() || severity == null) {
            throw new IllegalArgumentException("a rule needs a name, a query and a severity");
        }
        service = service == null ? "" : service;
        runbook = runbook == null ? "" : runbook;
        summary = summary == null || summary.isBlank() ? name : summary;
        description = description == null ? "" : description;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        holdFor = holdFor == null ? Duration.ZERO : holdFor;
        keepFiringFor = keepFiringFor == null ? Duration.ZERO : keepFiringFor;
    }
}
