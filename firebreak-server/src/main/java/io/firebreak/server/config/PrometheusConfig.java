package io.firebreak.server.config;

import java.time.Duration;
import java.util.List;

/** The Prometheus servers to query, tried in order (failover), and the per-query timeout. */
public record PrometheusConfig(List<String> urls, Duration timeout) {
    public PrometheusConfig {
        urls = urls == null || urls.isEmpty() ? List.of("http://127.0.0.1:9090") : List.copyOf(urls);
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
}
