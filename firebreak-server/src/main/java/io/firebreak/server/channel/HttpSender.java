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
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs a body and classifies the answer with {@link HttpStatusPolicy}. Channel URLs often carry a
 * token (Slack's path is the secret), so no reason it returns ever contains the URL.
 */
public final class HttpSender {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    /** The answer's status, body and Retry-After, classified. */
    public record Answer(DeliveryResult result, String body) {}

    public Answer post(URI url, Map<String, String> headers, String body) {
        return send("POST", url, headers, body);
    }

    public Answer send(String method, URI url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("User-Agent", "firebreak")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(HttpStatusPolicy.classify(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After")), response.body());
        } catch (HttpTimeoutException e) {
            return new Answer(new DeliveryResult.Failed(true, 0, "no answer within " + TIMEOUT.toSeconds() + "s", Optional.empty()), "");
        } catch (ConnectException e) {
            return new Answer(new DeliveryResult.Failed(true, 0, "connection refused", Optional.empty()), "");
        } catch (IOException e) {
            return new Answer(new DeliveryResult.Failed(true, 0, e.getClass().getSimpleName(), Optional.empty()), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(new DeliveryResult.Failed(true, 0, "interrupted", Optional.empty()), "");
        }
    }
}
