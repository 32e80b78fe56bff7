package io.firebreak.core.incident;

import java.time.Instant;
import java.util.Map;

/**
 * What is known when an incident is declared, by a person or a rule.
 *
 * @param impactStarted when the condition was first seen true; null means "when it was declared"
 */
public record NewIncident(
        String title,
        Severity severity,
        String service,
        String source,
        Map<String, String> labels,
        String runbook,
        Instant impactStarted) {

    public NewIncident {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("an incident needs a title");
        }
        if (severity == null) {
            throw new IllegalArgumentException("an incident needs a severity");
        }
        title = title.strip();
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A person declaring an incident by hand. */
    public static NewIncident manual(String title, Severity severity, String service) {
        return new NewIncident(title, severity, service, "manual", Map.of(), "", null);
    }
}
