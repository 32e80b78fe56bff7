package io.firebreak.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A service Firebreak knows: its tier (1 = most critical) and whether it appears on the public status page. */
public record ServiceConfig(String name, Integer tier, @JsonProperty("public") Boolean isPublic) {
    public ServiceConfig {
        name = name == null ? "" : name;
        tier = tier == null ? 3 : tier;
        isPublic = isPublic != null && isPublic;
    }
}
