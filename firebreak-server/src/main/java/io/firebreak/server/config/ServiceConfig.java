package io.firebreak.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service Firebreak knows: its tier (1 = most critical), whether it appears on the public status
 * page, its Statuspage component id (whose status follows the incident's severity), and the
 * escalation policy that pages people for its incidents.
 */
public record ServiceConfig(String name, Integer tier, @JsonProperty("public") Boolean isPublic, String componentId,
                            String escalationPolicy) {
    public ServiceConfig {
        escalationPolicy = escalationPolicy == null ? "" : escalationPolicy;
        componentId = componentId == null ? "" : componentId;
        name = name == null ? "" : name;
        tier = tier == null ? 3 : tier;
        isPublic = isPublic != null && isPublic;
    }
}
