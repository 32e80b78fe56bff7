package io.firebreak.core.detection;

import io.firebreak.core.rule.AlertEvent;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.RuleState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation of a rule asks of incidents, before any incident is loaded: the alerts that
 * started firing, by group (one decision and one timeline line per group), and the alerts that
 * resolved, by the incident they belong to. Pure: the store loads each group's latest incident,
 * asks {@link Correlation} per entry, and applies the answers.
 *
 * @param fired    newly firing alerts by group key, in the order they fired
 * @param resolved resolved alerts by incident id; alerts that never had an incident are left out
 */
public record DetectionPlan(Map<String, List<AlertInstance>> fired, Map<String, List<AlertInstance>> resolved) {

    public DetectionPlan {
        fired = Collections.unmodifiableMap(new LinkedHashMap<>(fired));
        resolved = Collections.unmodifiableMap(new LinkedHashMap<>(resolved));
    }

    /**
     * @param incidentOf the incident each alert (by fingerprint) belongs to, as stored before this evaluation
     */
    public static DetectionPlan of(Rule rule, List<AlertEvent> events, Map<String, String> incidentOf) {
        Map<String, List<AlertInstance>> fired = new LinkedHashMap<>();
        Map<String, List<AlertInstance>> resolved = new LinkedHashMap<>();
        // A rule with a service and no group_by has one group whatever the labels: its key once, not once an alert.
        String onlyGroup = rule.groupBy().isEmpty() && !rule.service().isEmpty() ? GroupKey.of(rule, Map.of()).value() : null;
        List<AlertInstance> onlyGroupFired = null;
        // Tests of the two event types rather than a pattern switch: a storm runs this 100,000 times a cycle,
        // and the switch's type dispatch cost more than the grouping.
        for (AlertEvent event : events) {
            if (event instanceof AlertEvent.Fired f) {
                if (onlyGroup != null) {
                    if (onlyGroupFired == null) {
                        onlyGroupFired = fired.computeIfAbsent(onlyGroup, k -> new ArrayList<>(events.size()));
                    }
                    onlyGroupFired.add(f.instance());
                } else {
                    fired.computeIfAbsent(GroupKey.of(rule, f.instance().labels()).value(), k -> new ArrayList<>()).add(f.instance());
                }
            } else if (event instanceof AlertEvent.Resolved r) {
                String incidentId = incidentOf.get(r.instance().fingerprint());
                if (incidentId != null) {
                    resolved.computeIfAbsent(incidentId, k -> new ArrayList<>()).add(r.instance());
                }
            }
        }
        return new DetectionPlan(fired, resolved);
    }

    /**
     * How many of the rule's alerts still fire for {@code incidentId} after this evaluation. Firing
     * alerts are linked first, so an alert that joined the incident in this very evaluation keeps it open.
     *
     * @param links      the incident each newly firing alert was given in this evaluation
     * @param incidentOf the incident each alert belonged to before it
     */
    public static int stillFiring(RuleState next, String incidentId, Map<String, String> links, Map<String, String> incidentOf) {
        int firing = 0;
        for (AlertInstance instance : next.instances().values()) {
            String linked = links.getOrDefault(instance.fingerprint(), incidentOf.get(instance.fingerprint()));
            if (instance.state() == AlertState.FIRING && incidentId.equals(linked)) {
                firing++;
            }
        }
        return firing;
    }
}
