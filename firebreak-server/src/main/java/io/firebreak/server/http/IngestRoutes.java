package io.firebreak.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.server.Service;
import io.firebreak.server.ingest.AlertPayloads;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Alert ingestion: Alertmanager's webhook, Alertmanager's v2 push API and the generic JSON alert.
 * Valid alerts are stored (group commit) before the answer; a batch with invalid alerts keeps the
 * valid ones and answers 400 naming each invalid one; an unreachable store answers 503.
 */
final class IngestRoutes implements HttpServer.Routes {
    /** How long a request waits for its commit before answering 503 (the sender retries). */
    static final long COMMIT_TIMEOUT_SECONDS = 10;

    private final Service service;

    IngestRoutes(Service service) {
        this.service = service;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/alerts/alertmanager", ctx -> ingest(ctx, "alertmanager", service.payloads()::alertmanagerWebhook));
        routes.post("/api/v2/alerts", ctx -> ingest(ctx, "push", service.payloads()::push));
        routes.post("/api/v1/alerts", ctx -> ingest(ctx, "api", service.payloads()::generic));
    }

    private void ingest(Context ctx, String source, BiFunction<JsonNode, Instant, AlertPayloads.Parsed> parser) {
        JsonNode body = HttpServer.body(ctx);
        AlertPayloads.Parsed parsed = parser.apply(body, service.clock().instant());
        try {
            service.ingest().submit(parsed.alerts(), HttpServer.principal(ctx).name()).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            service.meters().unavailable(source, parsed.alerts().size());
            throw new HttpProblem(503, "alerts not stored: the store is unavailable (" + rootMessage(e) + "); retry", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "alerts not stored: interrupted; retry", null);
        }
        // Delivery is woken by the writer when the commit changed an incident; a repeat changes nothing.
        service.meters().ingested(source, parsed.alerts().size(), parsed.invalid().size());
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
        ctx.contentType("application/json").result("{\"status\":\"success\",\"stored\":" + parsed.alerts().size() + "}");
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
