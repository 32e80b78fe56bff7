package io.firebreak.core.mute;

import io.firebreak.core.routing.Matcher;
import java.util.List;
import java.util.Map;

/**
 * While an open incident matches {@code source}, incidents matching {@code target} with the same
 * values of the {@code equal} labels notify nobody (Alertmanager's inhibition): the database is
 * down, so the latency alert of the same service is noise.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {
    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    boolean inhibits(Map<String, String> sourceLabels, Map<String, String> targetLabels) {
        if (!source.stream().allMatch(m -> m.matches(sourceLabels)) || !target.stream().allMatch(m -> m.matches(targetLabels))) {
            return false;
        }
        for (String label : equal) {
            if (!sourceLabels.getOrDefault(label, "").equals(targetLabels.getOrDefault(label, ""))) {
                return false;
            }
        }
        return true;
    }
}
