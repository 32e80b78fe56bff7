package io.firebreak.server.config;

import java.util.List;

/** Bearer tokens accepted by the HTTP API. */
public record ApiConfig(List<ApiToken> tokens) {
    public ApiConfig {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** One API token: who holds it and what it may do ({@code viewer}, {@code responder}, {@code admin}). */
    public record ApiToken(String name, Secret token, String role) {
        public ApiToken {
            role = role == null ? "viewer" : role;
        }
    }
}
