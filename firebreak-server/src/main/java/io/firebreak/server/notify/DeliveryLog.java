package io.firebreak.server.notify;

import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.server.logging.LogLine;
import io.firebreak.server.store.OutboxRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured log line per delivery attempt, so that "did the page go out, and when?" has an
 * answer in the log as well as in the outbox:
 *
 * <pre>
 * event=delivery_attempt channel=pagerduty outbox=INC-20261128-001:1:pagerduty incident=INC-20261128-001 event_type=opened attempt=2 outcome=retrying status=503 duration_ms=412 next_attempt=2026-11-28T03:01:30Z
 * </pre>
 *
 * <p>A delivered attempt logs at INFO, any other at WARN; {@code status} (HTTP, or SMTP for email)
 * is there when the attempt failed, 0 when no answer came. The line never holds the message text or
 * a secret: it names the channel, not its URL, and it carries the failure reason only when the
 * receiver gave no status ({@code status=0}: a timeout, a refused connection, an exception class —
 * texts Firebreak writes itself). With a status, the reason is the receiver's answer, which may
 * echo the message back; it stays in the outbox ({@code firebreak notifications}, the UI) instead.
 */
public final class DeliveryLog {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    /** What the attempt led to. */
    public enum Outcome {
        /** The receiver took it. */
        DELIVERED,
        /** A retryable failure; it is tried again at {@code next_attempt}. */
        RETRYING,
        /** A permanent failure: a dead letter now. */
        FAILED,
        /** A retryable failure past the maximum age: a dead letter now. */
        GAVE_UP;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Logs one attempt.
     *
     * @param row         the outbox row as claimed, before this attempt was recorded
     * @param result      what the channel answered
     * @param outcome     what the worker made of it
     * @param took        how long the channel call took
     * @param nextAttempt when it is tried again, for {@link Outcome#RETRYING}
     */
    public void attempted(OutboxRow row, DeliveryResult result, Outcome outcome, Duration took, Optional<Instant> nextAttempt) {
        String line = line(row, result, outcome, took, nextAttempt);
        if (outcome == Outcome.DELIVERED) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
    }

    static String line(OutboxRow row, DeliveryResult result, Outcome outcome, Duration took, Optional<Instant> nextAttempt) {
        LogLine line = LogLine.event("delivery_attempt")
                .with("channel", row.channel())
                .with("outbox", row.id())
                .with("incident", row.incidentId())
                .with("event_type", row.event())
                .with("attempt", row.attempts() + 1)
                .with("outcome", outcome.wireName());
        if (result instanceof DeliveryResult.Failed failed) {
            line.with("status", failed.status());
        }
        line.with("duration_ms", took.toMillis());
        nextAttempt.filter(next -> outcome == Outcome.RETRYING).ifPresent(next -> line.with("next_attempt", next));
        if (result instanceof DeliveryResult.Failed failed && failed.status() == 0) {
            line.with("reason", failed.reason());
        }
        return line.toString();
    }
}
