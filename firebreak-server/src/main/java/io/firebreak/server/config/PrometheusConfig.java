package io.firebreak.server.config;

import java.time.Duration;
import java.util.List;

/**
 * The Prometheus servers to query, tried in order (failover), the per-query timeout, and how to
 * authenticate: HTTP basic auth ({@code username}, {@code password}, or {@code user:password@} in a
 * URL) or a bearer token ({@code bearer_token}, or {@code bearer_token_file} read at every query so a
 * rotated token is picked up). Basic auth and a bearer token exclude each other, as in Prometheus's
 * own {@code http_config}. Passwords and tokens print as {@code <secret>}, URLs with their password masked.
 *
 * @param bearerTokenFile relative to the config file; empty when not set
 */
public record PrometheusConfig(List<String> urls, Duration timeout, String username, Secret password, Secret bearerToken,
                               String bearerTokenFile) {
    public PrometheusConfig {
        urls = urls == null || urls.isEmpty() ? List.of("http://127.0.0.1:9090") : List.copyOf(urls);
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        username = username == null ? "" : username;
        password = password == null ? new Secret("") : password;
        bearerToken = bearerToken == null ? new Secret("") : bearerToken;
        bearerTokenFile = bearerTokenFile == null ? "" : bearerTokenFile.strip();
    }

    /** Servers and timeout without credentials (other than any in the URLs). */
    public PrometheusConfig(List<String> urls, Duration timeout) {
        this(urls, timeout, null, null, null, null);
    }

    @Override
    public String toString() {
        return "PrometheusConfig[urls=" + urls.stream().map(Redaction::url).toList() + ", timeout=" + timeout
                + ", username=" + username + ", password=" + password + ", bearerToken=" + bearerToken
                + ", bearerTokenFile=" + bearerTokenFile + "]";
    }
}
