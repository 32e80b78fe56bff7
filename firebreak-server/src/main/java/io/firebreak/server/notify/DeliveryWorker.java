package io.firebreak.server.notify;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.mute.InhibitRule;
import io.firebreak.core.mute.Muting;
import io.firebreak.core.mute.Silence;
import io.firebreak.core.notify.Backoff;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.channel.Channels;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The delivery module: claims due outbox rows, sends each through its channel, and records the
 * outcome. Retryable failures come back after the backoff (or the receiver's Retry-After, which
 * also pauses the channel in the store, for every instance) until {@code maxAge}; permanent
 * failures and expired rows become dead letters people can see and retry.
 *
 * <p>Several workers, in one process or many, may deliver from one store: claims are leased and
 * fenced ({@link OutboxStore}), and this worker renews its lease before each send and never sends
 * a row whose lease it lost. Unlike the engine, which reads the clock once per cycle, delivery
 * reads it before each claim and around each send: a pass of slow receivers can last minutes, and
 * leases, backoffs and pauses must be measured from when things really happened.
 */
public final class DeliveryWorker {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

    /** How often an inhibited notification looks again whether its source incident is still open. */
    static final Duration INHIBITION_RECHECK = Duration.ofMinutes(1);

    private final OutboxStore outbox;
    private final IncidentStore incidents;
    private final Map<String, Notifier> notifiers;
    private final String externalUrl;
    private final InstantSource clock;
    private final Duration maxAge;
    /** How often rows of channels this worker does not have are checked for having waited past {@code maxAge}. */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private Instant lastSweep;
    private final DeliveryLog deliveryLog = new DeliveryLog();
    private final DoubleSupplier jitter;
    /** Each channel's rate limit, per process: it only spaces this worker's own sends. */
    private final Map<String, Instant> nextAllowed = new HashMap<>();
    private final Function<Instant, List<Silence>> silences;
    private final List<InhibitRule> inhibitRules;
    private final Listener listener;

    /** Told of every attempt's outcome (metrics). */
    public interface Listener {
        void attempted(String channel, String outcome);

        Listener NONE = (channel, outcome) -> { };
    }

    public DeliveryWorker(OutboxStore outbox, IncidentStore incidents, Map<String, Notifier> notifiers, String externalUrl,
                          InstantSource clock, Duration maxAge, DoubleSupplier jitter) {
        this(outbox, incidents, notifiers, externalUrl, clock, maxAge, jitter, now -> List.of(), List.of());
    }

    /**
     * @param silences     the silences in force at a given time
     * @param inhibitRules the configured inhibition rules
     */
    public DeliveryWorker(OutboxStore outbox, IncidentStore incidents, Map<String, Notifier> notifiers, String externalUrl,
                          InstantSource clock, Duration maxAge, DoubleSupplier jitter, Function<Instant, List<Silence>> silences,
                          List<InhibitRule> inhibitRules) {
        this(outbox, incidents, notifiers, externalUrl, clock, maxAge, jitter, silences, inhibitRules, Listener.NONE);
    }

    public DeliveryWorker(OutboxStore outbox, IncidentStore incidents, Map<String, Notifier> notifiers, String externalUrl,
                          InstantSource clock, Duration maxAge, DoubleSupplier jitter, Function<Instant, List<Silence>> silences,
                          List<InhibitRule> inhibitRules, Listener listener) {
        this.listener = listener;
        this.silences = silences;
        this.inhibitRules = List.copyOf(inhibitRules);
        this.outbox = outbox;
        this.incidents = incidents;
        this.notifiers = Map.copyOf(notifiers);
        this.externalUrl = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
        this.clock = clock;
        this.maxAge = maxAge;
        this.jitter = jitter;
    }

    /**
     * What one pass did. Muted rows (their incident resolved while they were held back) are neither
     * sent nor failed.
     */
    public record Pass(int delivered, int retrying, int dead, int muted) {
        static final Pass NONE = new Pass(0, 0, 0, 0);

        /** Attempts made, whatever their outcome. */
        public int sent() {
            return delivered + retrying + dead;
        }

        /** Rows that reached a final state: the rows behind them may be claimable now. */
        int finished() {
            return delivered + dead + muted;
        }

        Pass plus(Pass other) {
            return new Pass(delivered + other.delivered, retrying + other.retrying, dead + other.dead, muted + other.muted);
        }
    }

    /**
     * Sends every row due now, up to {@code limit}: claim after claim, since of one incident's rows
     * for one channel only the oldest is claimable at a time.
     */
    public synchronized Pass deliverDue(int limit) {
        return deliverDue(limit, Instant.MAX);
    }

    /**
     * {@link #deliverDue(int)} for a process that must not linger (a one-shot command): no send
     * starts after {@code stopBy}. In any pass a row is attempted at most once, however soon its
     * retry falls due. Rows claimed but not sent are released as they were, for the next worker.
     */
    public synchronized Pass deliverDue(int limit, Instant stopBy) {
        Instant now = clock.instant();
        // Rows become unsendable after maxAge (a day): a sweep a minute is soon enough, and a pass
        // woken to send a new page does not wait on it.
        if (lastSweep == null || !now.isBefore(lastSweep.plus(SWEEP_EVERY)) || now.isBefore(lastSweep)) {
            outbox.expireUnsendable(notifiers.keySet(), now, maxAge);
            lastSweep = now;
        }
        Set<String> tried = new HashSet<>();
        Pass total = Pass.NONE;
        while (total.sent() + total.muted() < limit && clock.instant().isBefore(stopBy)) {
            Pass pass = deliverClaimed(limit - total.sent() - total.muted(), stopBy, tried);
            total = total.plus(pass);
            if (pass.finished() == 0) {
                break;   // nothing moved on: what is left waits for a retry, a rate limit or a pause
            }
        }
        return total;
    }

    /** When the next row this worker can send falls due (its channel's pause included), if any is waiting. */
    public Optional<Instant> nextDue() {
        return outbox.nextDue(notifiers.keySet());
    }

    /** How many rows this worker could send are pending and due by {@code by}. */
    public int waiting(Instant by) {
        return outbox.due(by, notifiers.keySet());
    }

    private Pass deliverClaimed(int limit, Instant stopBy, Set<String> tried) {
        Instant claimedAt = clock.instant();
        List<OutboxRow> claimed = outbox.claim(claimedAt, limit, notifiers.keySet());
        if (claimed.isEmpty()) {
            return Pass.NONE;
        }
        List<Silence> silencesNow = silences.apply(claimedAt);
        List<Incident> open = inhibitRules.isEmpty() ? List.of()
                : incidents.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), true, 10_000));
        // The incidents and events of the whole claim in one read; read again for the rows left after each send,
        // so that what a row is judged by (resolved? muted?) is never older than the send before it.
        Map<IncidentStore.EventRef, IncidentStore.Cause> causes = incidents.causes(refs(claimed));
        boolean sentSinceRead = false;
        Pass pass = Pass.NONE;
        for (int i = 0; i < claimed.size(); i++) {
            OutboxRow row = claimed.get(i);
            if (!clock.instant().isBefore(stopBy) || tried.contains(row.id())) {
                outbox.release(row, row.due());   // not now: as it was, for the next pass or worker
                continue;
            }
            if (sentSinceRead) {
                causes = incidents.causes(refs(claimed.subList(i, claimed.size())));
                sentSinceRead = false;
            }
            Pass one = deliverOne(row, Optional.ofNullable(causes.get(ref(row))), silencesNow, open);
            if (one.sent() > 0) {
                tried.add(row.id());
                sentSinceRead = true;
            }
            pass = pass.plus(one);
        }
        return pass;
    }

    private static IncidentStore.EventRef ref(OutboxRow row) {
        return new IncidentStore.EventRef(row.incidentId(), row.eventSeq());
    }

    private static List<IncidentStore.EventRef> refs(List<OutboxRow> rows) {
        return rows.stream().map(DeliveryWorker::ref).toList();
    }

    private Pass deliverOne(OutboxRow row, Optional<IncidentStore.Cause> caused, List<Silence> silencesNow, List<Incident> open) {
        Instant now = clock.instant();
        Notifier notifier = notifiers.get(row.channel());
        Optional<Incident> incident = caused.map(IncidentStore.Cause::incident);
        Optional<IncidentEvent> cause = caused.map(IncidentStore.Cause::event);
        Optional<NotifyEvent> event = NotifyEvent.parse(row.event());
        if (incident.isEmpty() || cause.isEmpty() || event.isEmpty()) {
            boolean written = outbox.record(row, OutboxRow.DEAD, 0, "incident " + row.incidentId() + " or its event " + row.eventSeq()
                    + " is gone", now, Optional.empty(), Optional.empty());
            return written ? new Pass(0, 0, 1, 0) : Pass.NONE;
        }
        Optional<Muting.Muted> muted = Muting.check(incident.get(), silencesNow, inhibitRules, open, now);
        if (!incident.get().status().isOpen() && (muted.isPresent() || row.isHeld())) {
            // Held back while it lasted, and the incident resolved meanwhile: nobody needs to hear about it now,
            // nor about its later events on this channel (a "resolved" for an incident they never heard of).
            boolean written = outbox.mute(row, muted.map(Muting.Muted::reason).orElse(row.lastReason()), now);
            return written ? new Pass(0, 0, 0, 1) : Pass.NONE;
        }
        if (muted.isPresent()) {
            switch (muted.get()) {
                case Muting.Muted.Silenced silenced -> outbox.hold(row, silenced.silence().endsAt(), silenced.silence().id(),
                        silenced.reason());
                case Muting.Muted.Inhibited inhibited -> outbox.hold(row, now.plus(INHIBITION_RECHECK), inhibited.sourceIncident(),
                        inhibited.reason());
            }
            return Pass.NONE;
        }
        Instant allowed = nextAllowed.getOrDefault(row.channel(), Instant.MIN);
        if (now.isBefore(allowed)) {
            // This worker must wait for the channel (its rate, or a Retry-After it was given): later, not lost. A pause
            // that lasts longer needs no read here: claims skip a paused channel's rows until the pause ends.
            outbox.release(row, allowed);
            return Pass.NONE;
        }
        switch (outbox.start(row, now)) {
            case OutboxStore.Start.Started started -> { }
            case OutboxStore.Start.Paused paused -> {
                outbox.release(row, paused.until());   // another instance paused the channel since the claim: later, not lost
                return Pass.NONE;
            }
            case OutboxStore.Start.Lost lost -> {
                return Pass.NONE;   // the lease ran out and another worker has the row: it sends it, not us
            }
        }
        // The message tells the status the event brought, even if the incident has moved on since.
        Incident asOfEvent = cause.get().to() == null ? incident.get() : incident.get().inStatus(cause.get().to());
        var notification = new Notification(row.id(), row.channel(), event.get(), asOfEvent, cause.get(),
                externalUrl + "/incidents/" + row.incidentId(),
                notifier.updatesEarlierMessages() ? outbox.externalId(row.incidentId(), row.channel()) : Optional.empty(),
                row.started() > 0, row.recipient());
        DeliveryResult result;
        long started = System.nanoTime();
        try {
            result = notifier.send(notification);
        } catch (RuntimeException e) {
            // A bug in one channel must not stop delivery; the row is retried like any failure.
            result = new DeliveryResult.Failed(true, 0, "internal error: " + e.getClass().getSimpleName(), Optional.empty());
        }
        Instant done = clock.instant();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        nextAllowed.put(row.channel(), done.plus(Channels.minInterval(notifier)));
        return switch (result) {
            case DeliveryResult.Delivered ok -> {
                report(row, result, DeliveryLog.Outcome.DELIVERED, took, Optional.empty());
                yield outbox.record(row, OutboxRow.DELIVERED, 200, "", done, Optional.empty(), ok.externalId()) ? new Pass(1, 0, 0, 0) : Pass.NONE;
            }
            case DeliveryResult.Failed failed when !failed.retryable() -> {
                report(row, result, DeliveryLog.Outcome.FAILED, took, Optional.empty());
                yield outbox.record(row, OutboxRow.DEAD, failed.status(), failed.reason(), done, Optional.empty(), Optional.empty())
                        ? new Pass(0, 0, 1, 0) : Pass.NONE;
            }
            case DeliveryResult.Failed failed -> retryLater(row, failed, done, took);
        };
    }

    /** One attempt's outcome: to the metrics listener and as one structured log line. */
    private void report(OutboxRow row, DeliveryResult result, DeliveryLog.Outcome outcome, Duration took, Optional<Instant> next) {
        listener.attempted(row.channel(), switch (outcome) {
            case DELIVERED -> "delivered";
            case RETRYING -> "retrying";
            case FAILED, GAVE_UP -> "failed";
        });
        deliveryLog.attempted(row, result, outcome, took, next);
    }

    private Pass retryLater(OutboxRow row, DeliveryResult.Failed failed, Instant done, Duration took) {
        Duration wait = Backoff.next(row.attempts() + 1, failed.retryAfter(), jitter.getAsDouble());
        Instant next = done.plus(wait);
        if (Duration.between(row.created(), next).compareTo(maxAge) > 0) {
            report(row, failed, DeliveryLog.Outcome.GAVE_UP, took, Optional.empty());
            return outbox.record(row, OutboxRow.DEAD, failed.status(), "gave up after " + maxAge.toHours() + "h: " + failed.reason(), done,
                    Optional.empty(), Optional.empty()) ? new Pass(0, 0, 1, 0) : Pass.NONE;
        }
        report(row, failed, DeliveryLog.Outcome.RETRYING, took, Optional.of(next));
        if (failed.retryAfter().isPresent()) {
            // The receiver asked the whole channel to wait: every instance, not only this one.
            outbox.pause(row.channel(), next, "Retry-After from " + row.channel() + " (" + failed.reason() + ")");
            nextAllowed.put(row.channel(), next);
        }
        return outbox.record(row, OutboxRow.PENDING, failed.status(), failed.reason(), done, Optional.of(next), Optional.empty())
                ? new Pass(0, 1, 0, 0) : Pass.NONE;
    }
}
