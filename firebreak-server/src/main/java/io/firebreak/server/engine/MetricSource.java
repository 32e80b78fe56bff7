package io.firebreak.server.engine;

import io.firebreak.core.rule.Rule;
import io.firebreak.server.prometheus.QueryResult;
import java.time.Instant;

/** Where rule queries are answered: Prometheus, or a scenario replaying recorded values. */
public interface MetricSource {
    QueryResult query(Rule rule, Instant at);
}
