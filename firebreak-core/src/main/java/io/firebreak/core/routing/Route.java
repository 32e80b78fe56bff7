package io.firebreak.core.routing;

import io.firebreak.core.notify.NotifyEvent;
import java.util.List;
import java.util.Set;

/**
 * One route: incidents whose labels match every matcher go to {@code channels}, for the events
 * listed (all when empty). Matching stops at the first matching route unless it says
 * {@code continueMatching}, as in Alertmanager.
 */
public record Route(List<Matcher> matchers, List<String> channels, Set<NotifyEvent> events, boolean continueMatching) {
    public Route {
        matchers = List.copyOf(matchers);
        channels = List.copyOf(channels);
        events = Set.copyOf(events);
    }

    public boolean matches(java.util.Map<String, String> labels) {
        return matchers.stream().allMatch(matcher -> matcher.matches(labels));
    }
}
