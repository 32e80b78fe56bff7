package io.firebreak.server.config;

import java.time.Duration;

/**
 * A service tier: how long its services may be down (RTO) and how much data they may lose (RPO).
 * Services name their tier by number; backups take their RPO from the tier of their service.
 */
public record TierConfig(Integer tier, String name, Duration rto, Duration rpo) {
    public TierConfig {
        tier = tier == null ? 0 : tier;
        name = name == null ? "" : name;
    }
}
