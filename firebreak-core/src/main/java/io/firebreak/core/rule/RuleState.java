package io.firebreak.core.rule;

import java.util.Map;
import java.util.TreeMap;

/** The alerts a rule has right now, by fingerprint; empty when the rule is inactive. */
public record RuleState(Map<String, AlertInstance> instances) {
    public RuleState {
        instances = java.util.Collections.unmodifiableMap(new TreeMap<>(instances));
    }

    public static RuleState inactive() {
        return new RuleState(Map.of());
    }
}
