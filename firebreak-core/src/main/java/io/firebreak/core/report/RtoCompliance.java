package io.firebreak.core.report;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.recovery.RtoClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The report's RTO compliance per tier: of the incidents of each tier's services resolved in the period,
 * how many were resolved within the tier's RTO from impact start (the same verdict the RTO clock records
 * at resolution).
 */
public record RtoCompliance(List<Row> tiers) {
    /** A tier as configured: its RTO and the services assigned to it. */
    public record Tier(int tier, String name, Duration rto, Set<String> services) {
        public Tier {
            services = Set.copyOf(services);
        }
    }

    /** One tier's outcome. */
    public record Row(int tier, String name, Duration rto, int met, int missed) {
        /** The share met, in whole percent; empty without incidents. */
        public Optional<Long> percentMet() {
            return met + missed == 0 ? Optional.empty() : Optional.of(Math.round(100.0 * met / (met + missed)));
        }
    }

    public RtoCompliance {
        tiers = List.copyOf(tiers);
    }

    public static RtoCompliance of(List<Tier> tiers, Collection<Incident> incidents, Instant from, Instant until) {
        return new RtoCompliance(tiers.stream().map(tier -> {
            int met = 0;
            int missed = 0;
            for (Incident incident : incidents) {
                if (tier.services().contains(incident.service()) && incident.resolved() != null && !incident.resolved().isBefore(from)
                        && incident.resolved().isBefore(until)) {
                    if (RtoClock.met(incident.impactStarted(), incident.resolved(), tier.rto())) {
                        met++;
                    } else {
                        missed++;
                    }
                }
            }
            return new Row(tier.tier(), tier.name(), tier.rto(), met, missed);
        }).toList());
    }
}
