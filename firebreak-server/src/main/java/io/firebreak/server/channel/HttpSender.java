package io.firebreak.server.channel;

import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.HttpStatusPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a request and classifies the answer with {@link HttpStatusPolicy}. Channel URLs often
 * carry a token (Slack's path is the secret), so no reason it returns ever contains the URL. An
 * HTTP-date {@code Retry-After} is measured from the answer's own {@code Date} header, so the
 * receiver's clock and ours need not agree; without one, from {@code clock}.
 */
public final class HttpSender {
    /** The default time one request may take, connection included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private final InstantSource clock;
    /** Built on the first request: its TLS setup costs a one-shot command that sends nothing more than the command itself. */
    private HttpClient http;

    public HttpSender() {
        this(TIMEOUT, Clock.systemUTC());
    }

    /** @param timeout how long one request may take (tests use a short one) */
    public HttpSender(Duration timeout, InstantSource clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** The answer's status, body and Retry-After, classified. */
    public record Answer(DeliveryResult result, String body) {}

    public Answer post(URI url, Map<String, String> headers, String body) {
        return send("POST", url, headers, body);
    }

    /** A GET without a body. */
    public Answer get(URI url, Map<String, String> headers) {
        return exchange(HttpRequest.newBuilder(url).GET(), headers);
    }

    public Answer send(String method, URI url, Map<String, String> headers, String body) {
        return exchange(HttpRequest.newBuilder(url).method(method, HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    private Answer exchange(HttpRequest.Builder request, Map<String, String> headers) {
        request.timeout(timeout).header("User-Agent", "firebreak");
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            Instant answeredAt = response.headers().firstValue("Date").flatMap(HttpStatusPolicy::httpDate).orElseGet(clock::instant);
            return new Answer(HttpStatusPolicy.classify(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After"), Optional.of(answeredAt)), response.body());
        } catch (HttpTimeoutException e) {
            return new Answer(new DeliveryResult.Failed(true, 0, "no answer within " + describe(timeout), Optional.empty()), "");
        } catch (ConnectException e) {
            return new Answer(new DeliveryResult.Failed(true, 0, "connection refused", Optional.empty()), "");
        } catch (IOException e) {
            return new Answer(new DeliveryResult.Failed(true, 0, e.getClass().getSimpleName(), Optional.empty()), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(new DeliveryResult.Failed(true, 0, "interrupted", Optional.empty()), "");
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
