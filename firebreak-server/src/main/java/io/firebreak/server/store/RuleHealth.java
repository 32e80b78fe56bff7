package io.firebreak.server.store;

import java.time.Duration;
import java.time.Instant;

/** How a rule's last evaluation went, for {@code firebreak rules status} and the UI. */
public record RuleHealth(String rule, Instant lastEvaluation, Duration duration, boolean ok, String lastError, int pending, int firing) {}
