package io.firebreak.core.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One evaluation of a rule, with Prometheus's alerting-rule semantics: one alert per label set;
 * a new one is pending; it fires once active for the hold time (at once when that is zero);
 * a pending alert that clears is dropped silently; a firing one that clears resolves, unless
 * {@code keep_firing_for} still holds it. A pure function: same inputs, same result.
 */
public final class RuleEvaluation {
    private RuleEvaluation() {}

    /** The next state and the events of evaluating {@code rule} on {@code samples} at {@code now}. */
    public record Result(RuleState next, List<AlertEvent> events) {
        public Result {
            events = List.copyOf(events);
        }
    }

    public static Result step(Rule rule, RuleState previous, List<Sample> samples, Instant now) {
        Map<String, AlertInstance> next = new TreeMap<>();   // sorted as RuleState keeps it: copied without comparing again
        Set<String> active = HashSet.newHashSet(samples.size());
        SortedLabels like = null;   // the alerts of a rule mostly share their label names: one array of them
        for (Sample sample : activeSamples(rule, samples)) {
            SortedLabels labels = alertLabels(rule, sample.labels(), like);
            like = labels;
            String fingerprint = Fingerprint.of(labels);
            if (!active.add(fingerprint)) {
                continue;   // two samples with one label set after relabelling: Prometheus errors, we keep the first
            }
            AlertInstance known = previous.instances().get(fingerprint);
            next.put(fingerprint, known == null ? AlertInstance.pending(fingerprint, labels, now, sample.value())
                    : known.seenAgain(sample.value()));
        }
        List<AlertEvent> events = new ArrayList<>();
        for (AlertInstance instance : previous.instances().values()) {
            if (active.contains(instance.fingerprint())) {
                continue;
            }
            if (instance.state() == AlertState.FIRING) {
                if (rule.keepFiringFor().compareTo(Duration.ZERO) > 0) {
                    Instant since = instance.keepFiringSince() == null ? now : instance.keepFiringSince();
                    if (Duration.between(since, now).compareTo(rule.keepFiringFor()) < 0) {
                        next.put(instance.fingerprint(), instance.keptFiringSince(since));
                        continue;
                    }
                }
                events.add(new AlertEvent.Resolved(instance, now));
            }
            // a pending alert whose condition cleared is dropped without a trace, as in Prometheus
        }
        for (Map.Entry<String, AlertInstance> entry : next.entrySet()) {
            AlertInstance instance = entry.getValue();
            if (instance.state() == AlertState.PENDING
                    && Duration.between(instance.activeSince(), now).compareTo(rule.holdFor()) >= 0) {
                AlertInstance fired = instance.fired(now);
                entry.setValue(fired);
                events.add(new AlertEvent.Fired(fired));
            }
        }
        events.sort(java.util.Comparator.comparing((AlertEvent e) -> e instanceof AlertEvent.Resolved ? 0 : 1)
                .thenComparing(e -> e.instance().fingerprint()));
        return new Result(new RuleState(next), events);
    }

    /** The samples that count as breached: all of them for a Prometheus rule, those past the threshold for a seed rule. */
    static List<Sample> activeSamples(Rule rule, List<Sample> samples) {
        if (samples.isEmpty() && rule.fireOnMissing()) {
            return List.of(new Sample(Map.of(), Double.NaN));
        }
        if (rule.comparison().isEmpty()) {
            return samples;
        }
        List<Sample> breached = new ArrayList<>();
        for (Sample sample : samples) {
            if (rule.comparison().get().breached(sample.value(), rule.threshold())) {
                breached.add(sample);
            }
        }
        return breached;
    }

    /**
     * Sample labels, then the rule's own labels over them, {@code alertname} and {@code service};
     * put together in arrays, without a map in between (a storm does this for 100,000 samples, and
     * every cycle of a firing rule set for each of its series).
     */
    static SortedLabels alertLabels(Rule rule, Map<String, String> sampleLabels, SortedLabels like) {
        Map<String, String> own = rule.labels();
        boolean service = !rule.service().isEmpty();
        int capacity = sampleLabels.size() + own.size() + 2;
        String[] names = new String[capacity];
        String[] values = new String[capacity];
        int count = 0;
        for (Map.Entry<String, String> label : sampleLabels.entrySet()) {
            String name = label.getKey();
            if (name.equals("__name__") || name.equals("alertname") || service && name.equals("service") || own.containsKey(name)) {
                continue;   // dropped, or set below
            }
            names[count] = name;
            values[count++] = label.getValue();
        }
        for (Map.Entry<String, String> label : own.entrySet()) {
            String name = label.getKey();
            if (name.equals("alertname") || service && name.equals("service")) {
                continue;
            }
            names[count] = name;
            values[count++] = label.getValue();
        }
        names[count] = "alertname";
        values[count++] = rule.name();
        if (service) {
            names[count] = "service";
            values[count++] = rule.service();
        }
        return SortedLabels.ofUnsorted(names, values, count, like);
    }
}
