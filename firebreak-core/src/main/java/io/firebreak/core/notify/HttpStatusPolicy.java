package io.firebreak.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How an HTTP answer classifies: 2xx delivered; 429, 408 and 5xx retryable (honouring
 * {@code Retry-After} in seconds or as an HTTP date); any other 4xx permanent: the payload or the
 * credentials are wrong and sending it again will not help.
 */
public final class HttpStatusPolicy {
    /** The longest pause a receiver may ask for; a larger Retry-After is cut to this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private HttpStatusPolicy() {}

    /** As {@link #classify(int, String, Optional, Optional)} without a time of answer: an HTTP-date Retry-After is ignored. */
    public static DeliveryResult classify(int status, String body, Optional<String> retryAfterHeader) {
        return classify(status, body, retryAfterHeader, Optional.empty());
    }

    /**
     * @param answeredAt when the receiver answered (its {@code Date} header, else the caller's clock):
     *                   the reference an HTTP-date Retry-After is measured from
     */
    public static DeliveryResult classify(int status, String body, Optional<String> retryAfterHeader, Optional<Instant> answeredAt) {
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Delivered(Optional.empty());
        }
        String reason = "HTTP " + status + summary(body);
        boolean retryable = status == 429 || status == 408 || status >= 500;
        return new DeliveryResult.Failed(retryable, status, reason, retryable ? retryAfter(retryAfterHeader, answeredAt) : Optional.empty());
    }

    /**
     * {@code Retry-After} as delay-seconds, or as an HTTP date measured from {@code answeredAt} (a
     * date in the past means now); garbage, or a date with nothing to measure it from, is ignored
     * and the backoff applies. At most {@link #MAX_RETRY_AFTER}.
     */
    public static Optional<Duration> retryAfter(Optional<String> header, Optional<Instant> answeredAt) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(cap(Duration.ofSeconds(Long.parseLong(value))));
            } catch (NumberFormatException tooLong) {
                return Optional.of(MAX_RETRY_AFTER);
            }
        }
        Optional<Instant> date = httpDate(value);
        if (date.isEmpty() || answeredAt.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(answeredAt.get(), date.get());
        return Optional.of(wait.isNegative() ? Duration.ZERO : cap(wait));
    }

    /** An HTTP date ({@code Wed, 21 Oct 2026 07:28:00 GMT}), as in {@code Date} and {@code Retry-After}. */
    public static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration cap(Duration wait) {
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    /** A short, single-line excerpt of the receiver's answer; receivers do not echo secrets back. */
    static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > 120 ? line.substring(0, 120) + "..." : line);
    }
}
