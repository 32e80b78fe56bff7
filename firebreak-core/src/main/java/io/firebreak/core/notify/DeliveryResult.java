package io.firebreak.core.notify;

import java.time.Duration;
import java.util.Optional;

/** What a channel call came to. Expected failures are values: whether to retry is part of the answer. */
public sealed interface DeliveryResult {

    /** The receiver took it; {@code externalId} is its id for it (a PagerDuty dedup key, a Statuspage incident id). */
    record Delivered(Optional<String> externalId) implements DeliveryResult {}

    /**
     * The receiver did not take it. A retryable failure is tried again after {@code retryAfter} if the
     * receiver said when, else after the backoff; a permanent one becomes a dead letter at once.
     *
     * @param status the HTTP status, or 0 when there was no answer
     */
    record Failed(boolean retryable, int status, String reason, Optional<Duration> retryAfter) implements DeliveryResult {}
}
