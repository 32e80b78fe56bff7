package io.firebreak.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service Firebreak knows: its tier (1 = most critical), whether it appears on the public status
 * page, its Statuspage component id (whose status follows the incident's severity), the
 * escalation policy that pages people for its incidents, and its business figures: revenue per
 * minute and users (for the management update's business impact; absent means unknown, not zero)
 * and its SLO in percent (default 99.9, for uptime and the error budget).
 */
public record ServiceConfig(String name, Integer tier, @JsonProperty("public") Boolean isPublic, String componentId,
                            String escalationPolicy, Double revenuePerMinute, Long users, Double slo) {
    public ServiceConfig {
        escalationPolicy = escalationPolicy == null ? "" : escalationPolicy;
        componentId = componentId == null ? "" : componentId;
        name = name == null ? "" : name;
        tier = tier == null ? 3 : tier;
        isPublic = isPublic != null && isPublic;
        slo = slo == null ? io.firebreak.core.communication.BusinessImpact.Figures.DEFAULT_SLO : slo;
    }

    public ServiceConfig(String name, Integer tier, Boolean isPublic, String componentId, String escalationPolicy) {
        this(name, tier, isPublic, componentId, escalationPolicy, null, null, null);
    }

    /** The business figures; -1 stands for "not configured". Call only on a validated configuration. */
    public io.firebreak.core.communication.BusinessImpact.Figures figures() {
        return new io.firebreak.core.communication.BusinessImpact.Figures(revenuePerMinute == null ? -1 : revenuePerMinute,
                users == null ? -1 : users, slo);
    }
}
