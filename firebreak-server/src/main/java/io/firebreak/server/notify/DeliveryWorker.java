package io.firebreak.server.notify;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.notify.Backoff;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.channel.Channels;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import io.firebreak.core.mute.InhibitRule;
import io.firebreak.core.mute.Muting;
import io.firebreak.core.mute.Silence;
import io.firebreak.server.store.IncidentQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The delivery module: claims due outbox rows, sends each through its channel, and records the
 * outcome. Retryable failures come back after the backoff (or the receiver's Retry-After) until
 * {@code maxAge}; permanent failures and expired rows become dead letters people can see and retry.
 */
public final class DeliveryWorker {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

    private final OutboxStore outbox;
    private final IncidentStore incidents;
    private final Map<String, Notifier> notifiers;
    private final String externalUrl;
    private final Duration maxAge;
    private final DoubleSupplier jitter;
    private final Map<String, Instant> nextAllowed = new HashMap<>();
    private final java.util.function.Function<Instant, List<Silence>> silences;
    private final List<InhibitRule> inhibitRules;
    private final Listener listener;

    /** Told of every attempt's outcome (metrics). */
    public interface Listener {
        void attempted(String channel, String outcome);

        Listener NONE = (channel, outcome) -> { };
    }

    private static final String SILENCED = "silenced by ";
    private static final String INHIBITED = "inhibited while ";

    /** How often an inhibited notification looks again whether its source incident is still open. */
    static final Duration INHIBITION_RECHECK = Duration.ofMinutes(1);

    public DeliveryWorker(OutboxStore outbox, IncidentStore incidents, Map<String, Notifier> notifiers, String externalUrl,
                          Duration maxAge, DoubleSupplier jitter) {
        this(outbox, incidents, notifiers, externalUrl, maxAge, jitter, now -> List.of(), List.of());
    }

    /**
     * @param silences     the silences in force at a given time
     * @param inhibitRules the configured inhibition rules
     */
    public DeliveryWorker(OutboxStore outbox, IncidentStore incidents, Map<String, Notifier> notifiers, String externalUrl,
                          Duration maxAge, DoubleSupplier jitter, java.util.function.Function<Instant, List<Silence>> silences,
                          List<InhibitRule> inhibitRules) {
        this(outbox, incidents, notifiers, externalUrl, maxAge, jitter, silences, inhibitRules, Listener.NONE);
    }

    public DeliveryWorker(OutboxStore outbox, IncidentStore incidents, Map<String, Notifier> notifiers, String externalUrl,
                          Duration maxAge, DoubleSupplier jitter, java.util.function.Function<Instant, List<Silence>> silences,
                          List<InhibitRule> inhibitRules, Listener listener) {
        this.listener = listener;
        this.silences = silences;
        this.inhibitRules = List.copyOf(inhibitRules);
        this.outbox = outbox;
        this.incidents = incidents;
        this.notifiers = Map.copyOf(notifiers);
        this.externalUrl = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
        this.maxAge = maxAge;
        this.jitter = jitter;
    }

    /** What one pass did. */
    public record Pass(int delivered, int retrying, int dead) {
        public int sent() {
            return delivered + retrying + dead;
        }
    }

    /**
     * Sends every row due at {@code now}, up to {@code limit}: claim after claim, since of one
     * incident's rows for one channel only the oldest is claimable at a time.
     */
    public synchronized Pass deliverDue(Instant now, int limit) {
        Pass total = new Pass(0, 0, 0);
        while (total.sent() < limit) {
            Pass pass = deliverClaimed(now, limit - total.sent());
            total = new Pass(total.delivered() + pass.delivered(), total.retrying() + pass.retrying(), total.dead() + pass.dead());
            if (pass.delivered() == 0 && pass.dead() == 0) {
                break;   // nothing moved on: what is left waits for a retry or a rate limit
            }
        }
        return total;
    }

    private Pass deliverClaimed(Instant now, int limit) {
        int delivered = 0;
        int retrying = 0;
        int dead = 0;
        List<OutboxRow> claimed = outbox.claim(now, limit);
        List<Silence> silencesNow = claimed.isEmpty() ? List.of() : silences.apply(now);
        List<Incident> open = claimed.isEmpty() || inhibitRules.isEmpty() ? List.of()
                : incidents.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), true, 10_000));
        for (OutboxRow row : claimed) {
            Notifier notifier = notifiers.get(row.channel());
            if (notifier == null) {
                outbox.record(row, "dead", 0, "channel '" + row.channel() + "' is not configured any more", now, Optional.empty(), Optional.empty());
                dead++;
                continue;
            }
            Optional<Incident> incident = incidents.find(row.incidentId());
            Optional<IncidentEvent> cause = incident.flatMap(i -> incidents.event(row.incidentId(), row.eventSeq()));
            Optional<NotifyEvent> event = NotifyEvent.parse(row.event());
            if (incident.isEmpty() || cause.isEmpty() || event.isEmpty()) {
                outbox.record(row, "dead", 0, "incident " + row.incidentId() + " or its event " + row.eventSeq() + " is gone", now,
                        Optional.empty(), Optional.empty());
                dead++;
                continue;
            }
            Optional<Muting.Muted> muted = Muting.check(incident.get(), silencesNow, inhibitRules, open, now);
            boolean heldBack = row.lastReason().startsWith(SILENCED) || row.lastReason().startsWith(INHIBITED);
            if (muted.isEmpty() && heldBack && !incident.get().status().isOpen()) {
                // Held back while it lasted, and the incident resolved meanwhile: nobody needs to hear about it now.
                // Nor about its later events on this channel: a "resolved" for an incident they never heard of.
                outbox.record(row, "muted", 0, row.lastReason(), now, Optional.empty(), Optional.empty());
                outbox.muteRest(row.incidentId(), row.channel(), row.lastReason(), now);
                dead++;
                continue;
            }
            if (muted.isPresent()) {
                if (!incident.get().status().isOpen()) {
                    // Resolved while muted: nobody needs to hear about it any more.
                    outbox.record(row, "muted", 0, muted.get().reason(), now, Optional.empty(), Optional.empty());
                    outbox.muteRest(row.incidentId(), row.channel(), muted.get().reason(), now);
                    dead++;
                } else {
                    Instant until = muted.get() instanceof Muting.Muted.Silenced silenced ? silenced.silence().endsAt()
                            : now.plus(INHIBITION_RECHECK);
                    outbox.postpone(row.id(), until, muted.get().reason());
                }
                continue;
            }
            Instant allowed = nextAllowed.getOrDefault(row.channel(), Instant.MIN);
            if (now.isBefore(allowed)) {
                outbox.release(row.id(), allowed);   // the channel's rate limit: later, not lost
                continue;
            }
            // The message tells the status the event brought, even if the incident has moved on since.
            Incident asOfEvent = cause.get().to() == null ? incident.get() : incident.get().inStatus(cause.get().to());
            var notification = new Notification(row.id(), row.channel(), event.get(), asOfEvent, cause.get(),
                    externalUrl + "/incidents/" + row.incidentId(),
                    notifier.updatesEarlierMessages() ? outbox.externalId(row.incidentId(), row.channel()) : Optional.empty());
            DeliveryResult result;
            try {
                result = notifier.send(notification);
            } catch (RuntimeException e) {
                // A bug in one channel must not stop delivery; the row is retried like any failure.
                result = new DeliveryResult.Failed(true, 0, "internal error: " + e.getClass().getSimpleName(), Optional.empty());
            }
            nextAllowed.put(row.channel(), now.plus(Channels.minInterval(notifier)));
            listener.attempted(row.channel(), switch (result) {
                case DeliveryResult.Delivered ok -> "delivered";
                case DeliveryResult.Failed failed when !failed.retryable() -> "failed";
                case DeliveryResult.Failed failed -> "retrying";
            });
            switch (result) {
                case DeliveryResult.Delivered ok -> {
                    outbox.record(row, "delivered", 200, "", now, Optional.empty(), ok.externalId());
                    delivered++;
                }
                case DeliveryResult.Failed failed when !failed.retryable() -> {
                    outbox.record(row, "dead", failed.status(), failed.reason(), now, Optional.empty(), Optional.empty());
                    dead++;
                }
                case DeliveryResult.Failed failed -> {
                    Duration wait = Backoff.next(row.attempts() + 1, failed.retryAfter(), jitter.getAsDouble());
                    Instant next = now.plus(wait);
                    if (Duration.between(row.created(), next).compareTo(maxAge) > 0) {
                        outbox.record(row, "dead", failed.status(), "gave up after " + maxAge.toHours() + "h: " + failed.reason(), now,
                                Optional.empty(), Optional.empty());
                        dead++;
                    } else {
                        outbox.record(row, "pending", failed.status(), failed.reason(), now, Optional.of(next), Optional.empty());
                        if (failed.retryAfter().isPresent()) {
                            nextAllowed.put(row.channel(), next);   // the receiver asked the whole channel to wait
                        }
                        retrying++;
                    }
                }
            }
        }
        return new Pass(delivered, retrying, dead);
    }
}
