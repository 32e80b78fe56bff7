package io.firebreak.server.prometheus;

import io.firebreak.server.config.PrometheusConfig;
import io.firebreak.server.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * How Firebreak proves who it is to Prometheus, usually to a reverse proxy in front of it: nothing,
 * HTTP basic auth, or a bearer token given inline or in a file. java.net.http never sends a URL's
 * user-info by itself, so every credential ends up here and becomes an {@code Authorization} header.
 * Secrets print as {@code <secret>}.
 */
public sealed interface PrometheusAuth {

    /** The {@code Authorization} header value to send, if any; a token file is read each time so rotation needs no restart. */
    Optional<String> header() throws IOException;

    /** What {@code prometheus.username}, {@code password}, {@code bearer_token} and {@code bearer_token_file} configure. */
    static PrometheusAuth of(PrometheusConfig config, Path baseDir) {
        if (!config.bearerToken().isEmpty()) {
            return new Bearer(config.bearerToken());
        }
        if (!config.bearerTokenFile().isEmpty()) {
            return new BearerFile(baseDir.resolve(config.bearerTokenFile()).normalize());
        }
        if (!config.username().isEmpty() || !config.password().isEmpty()) {
            return new Basic(config.username(), config.password());
        }
        return new None();
    }

    /** No credentials. */
    record None() implements PrometheusAuth {
        @Override
        public Optional<String> header() {
            return Optional.empty();
        }
    }

    /** RFC 7617 basic auth; the user-id and password are sent as UTF-8. */
    record Basic(String username, Secret password) implements PrometheusAuth {
        @Override
        public Optional<String> header() {
            String pair = username + ":" + (password.isEmpty() ? "" : password.value());
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** RFC 6750 bearer token. */
    record Bearer(Secret token) implements PrometheusAuth {
        @Override
        public Optional<String> header() {
            return Optional.of("Bearer " + token.value());
        }
    }

    /** A bearer token kept in a file (a mounted Kubernetes secret, say); surrounding whitespace is ignored. */
    record BearerFile(Path file) implements PrometheusAuth {
        @Override
        public Optional<String> header() throws IOException {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IOException("the file is empty");
            }
            return Optional.of("Bearer " + token);
        }
    }
}
