package io.firebreak.server.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the stakeholder matrix: who (engineering, management, all users, enterprise
 * customers), through which channels Firebreak reaches them, and per severity how long after
 * detection the first message must reach them (a milestone, recorded as met or missed).
 *
 * @param deadlines severity (SEV1..SEV4) to a duration such as {@code 15m}
 */
public record StakeholderConfig(String name, List<String> channels, Map<String, String> deadlines) {
    public StakeholderConfig {
        name = name == null ? "" : name.strip();
        channels = channels == null ? List.of() : List.copyOf(channels);
        deadlines = deadlines == null ? Map.of() : Map.copyOf(new TreeMap<>(deadlines));
    }
}
