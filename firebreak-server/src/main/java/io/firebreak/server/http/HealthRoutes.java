package io.firebreak.server.http;

import io.firebreak.server.Service;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Liveness, readiness and metrics, without a token (as Prometheus and Alertmanager serve theirs):
 * {@code /health/live}, {@code /health/ready} (the store answers and its schema is current),
 * Alertmanager's {@code /-/healthy} and {@code /-/ready}, and {@code /metrics}.
 */
final class HealthRoutes implements HttpServer.Routes {
    private final Service service;

    HealthRoutes(Service service) {
        this.service = service;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/-/healthy", ctx -> ctx.result("OK"));
        routes.get("/health/ready", this::ready);
        routes.get("/-/ready", ctx -> {
            if (service.database().ready().isEmpty()) {
                ctx.result("OK");
            } else {
                ctx.status(503).result("Not ready");
            }
        });
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(service.meters().scrape()));
    }

    private void ready(Context ctx) {
        var problem = service.database().ready();
        if (problem.isEmpty()) {
            ctx.json(Map.of("status", "ready"));
        } else {
            ctx.status(503).json(Map.of("status", "not ready", "error", problem.get()));
        }
    }
}
