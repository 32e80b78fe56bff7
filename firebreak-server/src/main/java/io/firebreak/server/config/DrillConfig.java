package io.firebreak.server.config;

import java.time.Duration;

/**
 * A recurring test from the testing schedule (restore test weekly, DR drill monthly, ...): who owns it,
 * how often it is due, and what counts as done ({@code done_by}: {@code record} by hand, {@code verify:NAME}
 * a verified restore of that backup, {@code simulate} a simulate run).
 */
public record DrillConfig(String name, Duration every, String owner, String doneBy) {
    public DrillConfig {
        name = name == null ? "" : name;
        owner = owner == null ? "" : owner;
        doneBy = doneBy == null ? "record" : doneBy;
    }
}
