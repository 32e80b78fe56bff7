package io.firebreak.server.config;

import java.util.List;

/** While an open incident matches {@code source_matchers}, incidents matching {@code target_matchers} with equal {@code equal} labels notify nobody. */
public record InhibitRuleConfig(List<String> sourceMatchers, List<String> targetMatchers, List<String> equal) {
    public InhibitRuleConfig {
        sourceMatchers = sourceMatchers == null ? List.of() : List.copyOf(sourceMatchers);
        targetMatchers = targetMatchers == null ? List.of() : List.copyOf(targetMatchers);
        equal = equal == null ? List.of() : List.copyOf(equal);
    }
}
