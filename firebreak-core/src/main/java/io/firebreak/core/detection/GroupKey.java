package io.firebreak.core.detection;

import io.firebreak.core.rule.Rule;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which incident an alert belongs to: its rule, its service and the values of the rule's
 * {@code group_by} labels. Alerts with one key share one incident.
 */
public record GroupKey(String value) {

    public static GroupKey of(Rule rule, Map<String, String> alertLabels) {
        if (rule.groupBy().isEmpty() && !rule.service().isEmpty()) {
            return new GroupKey("rule=" + rule.name() + ";service=" + rule.service());   // one group for all its alerts
        }
        Map<String, String> grouped = new TreeMap<>();
        for (String label : rule.groupBy()) {
            grouped.put(label, alertLabels.getOrDefault(label, ""));
        }
        String service = rule.service().isEmpty() ? alertLabels.getOrDefault("service", "") : rule.service();
        StringBuilder key = new StringBuilder("rule=").append(rule.name()).append(";service=").append(service);
        grouped.forEach((name, labelValue) -> key.append(';').append(name).append('=').append(labelValue));
        return new GroupKey(key.toString());
    }

    /** The group_by labels with their values, for the incident's labels. */
    public static Map<String, String> labels(Rule rule, Map<String, String> alertLabels) {
        Map<String, String> grouped = new TreeMap<>();
        for (String label : rule.groupBy()) {
            grouped.put(label, alertLabels.getOrDefault(label, ""));
        }
        return grouped;
    }
}
