package io.firebreak.server.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.api.IncidentJson;
import io.firebreak.server.store.IncidentChange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code detect --webhook-url}: POSTs one JSON event per incident opened, re-opened or resolved,
 * with a 10-second timeout (the seed's). No retries yet: the durable outbox will replace this.
 * The URL may carry a token, so it never appears in errors.
 */
public final class IncidentWebhook {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public IncidentWebhook(URI url) {
        this.url = url;
    }

    /** The body sent for one change: {@code {"event": "opened", "incident": {...}, "message": ..., "sent_at": ...}}. */
    public static Map<String, Object> body(IncidentChange change, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", change.kind().wireName());
        body.put("incident", IncidentJson.incident(change.incident()));
        body.put("message", change.message());
        body.put("sent_at", now.toString());
        return body;
    }

    /** Sends the change; empty on a 2xx answer, else why it failed. */
    public Optional<String> send(IncidentChange change, Instant now) {
        String body;
        try {
            body = JSON.writeValueAsString(body(change, now));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident JSON is maps of strings and numbers", e);
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "firebreak")
                .header("Idempotency-Key", change.incident().id() + ":" + change.kind().wireName() + ":" + change.incident().updated().toEpochMilli())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? Optional.empty() : Optional.of("webhook answered HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Optional.of("webhook did not answer within 10s");
        } catch (IOException e) {
            return Optional.of("webhook unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
