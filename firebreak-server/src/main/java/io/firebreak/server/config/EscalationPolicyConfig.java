package io.firebreak.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * An escalation policy: who is paged, in which order, how long each step waits for an
 * acknowledgement, and the rules that escalate even an acknowledged incident. Services (and
 * routes) name it with {@code escalation_policy}; one policy may be the {@code default} for
 * incidents that name none.
 *
 * @param pageChannels how a page reaches a person: a Slack channel mentions them, an email channel
 *                     writes to their address, a PagerDuty channel triggers with their name
 * @param ackTimeout   0 (the default) = off
 */
public record EscalationPolicyConfig(String name, List<String> pageChannels, List<StepConfig> steps, Integer repeat,
                                     NoProgressConfig noProgress, Duration unresolvedAfter, Duration ackTimeout,
                                     @JsonProperty("default") Boolean isDefault) {
    public EscalationPolicyConfig {
        name = name == null ? "" : name;
        pageChannels = pageChannels == null ? List.of() : List.copyOf(pageChannels);
        steps = steps == null ? List.of() : List.copyOf(steps);
        repeat = repeat == null ? 0 : repeat;
        ackTimeout = ackTimeout == null ? Duration.ZERO : ackTimeout;
        isDefault = isDefault != null && isDefault;
    }

    /** One step: {@code targets} are {@code schedule:NAME}, {@code person:NAME} or {@code channel:NAME}. */
    public record StepConfig(List<String> targets, Duration delay) {
        public StepConfig {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    /** Escalate an acknowledged incident of these severities after {@code after} without a status change or note. */
    public record NoProgressConfig(List<String> severities, Duration after) {
        public NoProgressConfig {
            severities = severities == null ? List.of("SEV1") : List.copyOf(severities);
            after = after == null ? Duration.ofMinutes(30) : after;
        }
    }
}
