package io.firebreak.core.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * How an HTTP answer classifies: 2xx delivered; 429, 408 and 5xx retryable (honouring
 * {@code Retry-After} in seconds); any other 4xx permanent: the payload or the credentials are
 * wrong and sending it again will not help.
 */
public final class HttpStatusPolicy {
    private HttpStatusPolicy() {}

    public static DeliveryResult classify(int status, String body, Optional<String> retryAfterHeader) {
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Delivered(Optional.empty());
        }
        String reason = "HTTP " + status + summary(body);
        boolean retryable = status == 429 || status == 408 || status >= 500;
        return new DeliveryResult.Failed(retryable, status, reason, retryable ? retryAfter(retryAfterHeader) : Optional.empty());
    }

    /** {@code Retry-After} as delay-seconds; an HTTP-date or garbage is ignored (the backoff applies). */
    static Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.get().strip());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(Math.min(seconds, 3600))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
