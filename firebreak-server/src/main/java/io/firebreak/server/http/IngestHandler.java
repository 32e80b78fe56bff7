package io.firebreak.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.server.Service;
import io.firebreak.server.ingest.AlertPayloads;
import io.firebreak.server.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Alert ingestion: Alertmanager's webhook, Alertmanager's v2 push API and the generic JSON alert.
 * Valid alerts are stored (group commit) before the answer; a batch with invalid alerts keeps the
 * valid ones and answers 400 naming each invalid one; an unreachable store answers 503.
 *
 * <p>These three {@code POST}s are served by Jetty directly, ahead of Javalin's servlet, which
 * gets every other request. They are the only endpoints called thousands of times a second, and
 * the servlet layer under Javalin cost more CPU per request than all of Alertmanager's handling of
 * the same alerts (bench/README.md, "Ingestion"). What they share with the rest of the API goes
 * through the same code: the bearer token and role check ({@link HttpServer#authorize}), the body
 * limits and JSON errors ({@link HttpServer#readJson}), the request timer.
 */
final class IngestHandler extends Handler.Abstract {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestHandler.class);
    /** How long a request waits for its commit before answering 503 (the sender retries). */
    static final long COMMIT_TIMEOUT_SECONDS = 10;

    private record Endpoint(String path, String source, BiFunction<JsonNode, Instant, AlertPayloads.Parsed> parser) {}

    private final Service service;
    private final Map<String, Endpoint> endpoints;

    IngestHandler(Service service) {
        this.service = service;
        AlertPayloads payloads = service.payloads();
        this.endpoints = Map.of(
                "/api/v1/alerts/alertmanager", new Endpoint("/api/v1/alerts/alertmanager", "alertmanager", payloads::alertmanagerWebhook),
                "/api/v2/alerts", new Endpoint("/api/v2/alerts", "push", payloads::push),
                "/api/v1/alerts", new Endpoint("/api/v1/alerts", "api", payloads::generic));
    }

    /** Takes {@code POST} on the three paths; anything else goes on to Javalin. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String path = Request.getPathInContext(request);
        // A trailing slash is the same path, as for the rest of the API (Javalin ignores it).
        Endpoint endpoint = endpoints.get(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (endpoint == null) {
            return false;
        }
        long started = System.nanoTime();
        int status = 200;
        String answer;
        try {
            answer = ingest(request, endpoint);
        } catch (HttpProblem e) {
            status = e.status();
            answer = json(HttpServer.problemBody(e.getMessage(), e.field(), e.extra()));
            if (status == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, HttpServer.CHALLENGE);
            }
        } catch (StoreException | org.jdbi.v3.core.JdbiException e) {
            LOG.warn("POST {}: store unavailable: {}", endpoint.path(),
                    io.firebreak.server.config.StorageConfig.redact(String.valueOf(e.getMessage())));
            status = 503;
            answer = json(HttpServer.problemBody("the store is unavailable; nothing was changed, retry later", null, Map.of()));
        } catch (RuntimeException e) {
            LOG.error("POST {} failed", endpoint.path(), e);
            status = 500;
            answer = json(HttpServer.problemBody("internal error (logged)", null, Map.of()));
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)), callback);
        service.meters().request("POST", endpoint.path(), status, Duration.ofNanos(System.nanoTime() - started));
        return true;
    }

    /** Stores the request's valid alerts and returns the answer, or throws the problem to answer. */
    private String ingest(Request request, Endpoint endpoint) {
        Auth.Principal principal = HttpServer.authorize(service.auth(), request.getHeaders().get(HttpHeader.AUTHORIZATION), "POST", null);
        JsonNode body = HttpServer.readJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE), request.getLength(),
                Content.Source.asInputStream(request));
        if (body == null) {
            throw HttpProblem.badRequest("", "empty body: expected JSON");
        }
        AlertPayloads.Parsed parsed = endpoint.parser().apply(body, service.clock().instant());
        try {
            service.ingest().submit(parsed.alerts(), principal.name()).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            service.meters().unavailable(endpoint.source(), parsed.alerts().size());
            throw new HttpProblem(503, "alerts not stored: the store is unavailable (" + rootMessage(e) + "); retry", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "alerts not stored: interrupted; retry", null);
        }
        // Delivery is woken by the writer when the commit changed an incident; a repeat changes nothing.
        service.meters().ingested(endpoint.source(), parsed.alerts().size(), parsed.invalid().size());
        if (!parsed.invalid().isEmpty()) {
            List<Map<String, String>> invalid = parsed.invalid().stream()
                    .map(i -> Map.of("field", i.field(), "error", i.error())).toList();
            AlertPayloads.Invalid first = parsed.invalid().get(0);
            String message = parsed.alerts().isEmpty() && parsed.invalid().size() == 1
                    ? first.error()
                    : parsed.invalid().size() + " invalid alert(s) refused, " + parsed.alerts().size() + " stored; first: "
                            + first.field() + ": " + first.error();
            throw new HttpProblem(400, message, first.field(), Map.of("stored", parsed.alerts().size(), "invalid", invalid));
        }
        // Written by hand: the answer is the same two fields every time, thousands of times a second.
        return "{\"status\":\"success\",\"stored\":" + parsed.alerts().size() + "}";
    }

    private static String json(Map<String, Object> body) {
        try {
            return HttpServer.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body did not serialise", e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current instanceof TimeoutException ? "no commit within " + COMMIT_TIMEOUT_SECONDS + "s"
                : io.firebreak.server.config.StorageConfig.redact(String.valueOf(current.getMessage()));
    }
}
