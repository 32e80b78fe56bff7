package io.firebreak.core.recovery;

import io.firebreak.core.incident.Severity;

/** The severity of an incident about a tier's objectives: tier 1 is critical, tier 2 high, tier 3 medium, the rest low. */
public final class TierSeverity {
    private TierSeverity() {}

    public static Severity of(int tier) {
        return switch (tier) {
            case 1 -> Severity.CRITICAL;
            case 2 -> Severity.HIGH;
            case 3 -> Severity.MEDIUM;
            default -> Severity.LOW;
        };
    }
}
