package io.firebreak.server.recovery;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.recovery.RtoClock;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.config.TierConfig;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.store.RtoStore;
import io.firebreak.server.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine module that runs each open incident's RTO clock (leader of the {@value #MODULE} lease only):
 * at 50 % and 80 % of the tier's RTO of the affected service a warning goes into the timeline, and at 100 %
 * the breach; each is a timeline event that notifies through the routes ({@code rto_warning},
 * {@code rto_breached}) and, directly, the people {@link RtoRecipients} names: the commander (or the primary
 * on call) for a warning, the next escalation level for the breach, each page recorded as a {@code paged}
 * event. When an incident is resolved, whether it met its RTO is recorded. Which marks were recorded lives
 * in the store, in the transaction that writes the events and pages, so a new leader never repeats one.
 */
public final class RtoModule {
    public static final String MODULE = "rto";
    private static final Logger LOG = LoggerFactory.getLogger(RtoModule.class);
    private static final Duration VERDICT_LOOKBACK = Duration.ofDays(7);

    private final AppConfig config;
    private final RtoStore store;
    private final Leadership leadership;
    private final RtoRecipients recipients;

    public RtoModule(AppConfig config, RtoStore store, Leadership leadership, RtoRecipients recipients) {
        this.config = config;
        this.store = store;
        this.leadership = leadership;
        this.recipients = recipients;
    }

    /** The RTO of a service's tier, when the service and its tier are configured with one. */
    public Optional<Duration> rto(String service) {
        return config.service(service).map(ServiceConfig::tier).flatMap(config::tier).map(TierConfig::rto);
    }

    /** Records the marks due at {@code now}; returns how many timeline events were written. */
    public synchronized int runDue(Instant now) {
        if (config.tiers().isEmpty()) {
            return 0;
        }
        OptionalLong term;
        try {
            term = leadership.lead(now);
        } catch (StoreException e) {
            LOG.warn("RTO clock skipped: {}", e.getMessage());
            return 0;
        }
        if (term.isEmpty()) {
            return 0;
        }
        int written = 0;
        try {
            for (RtoStore.Clocked incident : store.open()) {
                Optional<Duration> rto = rto(incident.service());
                if (rto.isEmpty()) {
                    continue;
                }
                Set<RtoClock.Mark> recorded = EnumSet.noneOf(RtoClock.Mark.class);
                for (RtoClock.Mark mark : RtoClock.Mark.values()) {
                    if (incident.marks().contains(mark.name().toLowerCase(java.util.Locale.ROOT))) {
                        recorded.add(mark);
                    }
                }
                for (RtoClock.Mark mark : RtoClock.due(incident.impactStarted(), rto.get(), now, recorded)) {
                    if (store.mark(incident.id(), mark.name().toLowerCase(java.util.Locale.ROOT), rto.get(),
                            mark == RtoClock.Mark.BREACH ? EventType.RTO_BREACHED : EventType.RTO_WARNING,
                            message(incident, mark, rto.get(), now), now, leadership.fence(term.getAsLong(), now),
                            (current, step) -> mark == RtoClock.Mark.BREACH ? recipients.breach(current, step, now)
                                    : recipients.warning(current, now)).isPresent()) {
                        written++;
                    }
                }
            }
            for (RtoStore.Clocked incident : store.resolvedWithoutVerdict(now.minus(VERDICT_LOOKBACK))) {
                Optional<Duration> rto = rto(incident.service());
                if (rto.isPresent()) {
                    store.verdict(incident.id(), RtoClock.met(incident.impactStarted(), incident.resolved().orElseThrow(), rto.get()),
                            rto.get(), now, leadership.fence(term.getAsLong(), now));
                }
            }
        } catch (io.firebreak.server.store.LeaseLostException e) {
            leadership.lost();
        } catch (StoreException e) {
            LOG.warn("RTO clock: {}", e.getMessage());
        }
        return written;
    }

    private String message(RtoStore.Clocked incident, RtoClock.Mark mark, Duration rto, Instant now) {
        int tier = config.service(incident.service()).map(ServiceConfig::tier).orElse(0);
        Duration elapsed = Duration.between(incident.impactStarted(), now).withNanos(0);
        if (mark == RtoClock.Mark.BREACH) {
            return "RTO breached: " + Durations.format(elapsed) + " since impact start, tier " + tier + " RTO " + Durations.format(rto);
        }
        Duration left = rto.minus(elapsed);
        return mark.percent() + " % of the RTO used: " + Durations.format(elapsed) + " of " + Durations.format(rto) + " (tier " + tier
                + "), " + Durations.format(left.isNegative() ? Duration.ZERO : left) + " left";
    }

    public void releaseLeadership() {
        try {
            leadership.release();
        } catch (StoreException e) {
            // the lease runs out by itself
        }
    }
}
