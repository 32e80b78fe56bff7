package io.firebreak.server.engine;

import io.firebreak.server.logging.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs rule evaluations that fail, one key=value line when a rule's error starts or changes and one
 * when it recovers, not every cycle: a Prometheus that is down for an hour is two lines per rule,
 * not 120.
 *
 * <pre>
 * event=evaluation_failed rule=high_error_rate error="unreachable: connection refused" duration_ms=3 since=2026-11-28T03:00:00Z
 * event=evaluation_recovered rule=high_error_rate failing_since=2026-11-28T03:00:00Z
 * </pre>
 *
 * <p>Errors are compared with their digits masked, so one that only differs in a number (a duration,
 * a byte offset) does not count as a change. The error is the text the rule's health shows
 * ({@code firebreak rules status}); it never holds a query's credentials.
 */
final class EvaluationLog {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationLog.class);

    /** The failing rules: their error as last logged (digits masked) and since when they fail. */
    private final Map<String, Failing> failing = new HashMap<>();

    private record Failing(String errorKey, Instant since) {}

    /** Records one rule's evaluation at {@code now}: {@code error} is empty when it succeeded. */
    void evaluated(String rule, String error, Duration took, Instant now) {
        Failing before = failing.get(rule);
        if (error.isEmpty()) {
            if (before != null) {
                failing.remove(rule);
                LOG.info(LogLine.event("evaluation_recovered").with("rule", rule).with("failing_since", before.since()).toString());
            }
            return;
        }
        String key = error.replaceAll("\\d+", "#");
        if (before != null && before.errorKey().equals(key)) {
            return;
        }
        Instant since = before == null ? now : before.since();
        failing.put(rule, new Failing(key, since));
        LOG.warn(LogLine.event("evaluation_failed").with("rule", rule).with("error", error).with("duration_ms", took.toMillis())
                .with("since", since).toString());
    }
}
