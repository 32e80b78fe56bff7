package io.firebreak.server.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the stakeholder matrix: who (engineering, management, all users, enterprise
 * customers), through which channels Firebreak reaches them, per severity how long after
 * detection the first message must reach them (a milestone, recorded as met or missed), and what
 * Firebreak sends them by itself.
 *
 * @param deadlines severity (SEV1..SEV4) to a duration such as {@code 15m}
 * @param sends     {@code management_update}: the seed's management-update template with the business
 *                  impact, sent at once for every severity with a deadline and again after each public
 *                  update; empty (default): nothing automatic, the milestone is tracked only
 */
public record StakeholderConfig(String name, List<String> channels, Map<String, String> deadlines, String sends) {
    /** The one automatic message there is today. */
    public static final String MANAGEMENT_UPDATE = "management_update";

    public StakeholderConfig {
        name = name == null ? "" : name.strip();
        channels = channels == null ? List.of() : List.copyOf(channels);
        deadlines = deadlines == null ? Map.of() : Map.copyOf(new TreeMap<>(deadlines));
        sends = sends == null ? "" : sends.strip();
    }

    public StakeholderConfig(String name, List<String> channels, Map<String, String> deadlines) {
        this(name, channels, deadlines, null);
    }

    public boolean sendsManagementUpdate() {
        return MANAGEMENT_UPDATE.equals(sends);
    }
}
