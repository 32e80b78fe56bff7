package io.firebreak.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service Firebreak knows: its tier (1 = most critical), whether it appears on the public status
 * page, and its Statuspage component id (whose status follows the incident's severity).
 */
public record ServiceConfig(String name, Integer tier, @JsonProperty("public") Boolean isPublic, String componentId) {
    public ServiceConfig {
        componentId = componentId == null ? "" : componentId;
        name = name == null ? "" : name;
        tier = tier == null ? 3 : tier;
        isPublic = isPublic != null && isPublic;
    }
}
