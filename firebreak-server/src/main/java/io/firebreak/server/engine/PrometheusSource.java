package io.firebreak.server.engine;

import io.firebreak.core.rule.Rule;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.prometheus.QueryResult;
import java.time.Instant;

/** Rule queries sent to Prometheus, evaluated at the cycle's {@code now}. */
public record PrometheusSource(PrometheusClient client) implements MetricSource {
    @Override
    public QueryResult query(Rule rule, Instant at) {
        return client.query(rule.query(), at);
    }
}
