package io.firebreak.server.status;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.firebreak.core.status.UptimeHistory;
import io.firebreak.server.Service;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

/**
 * The public status page: {@code GET /status} (HTML) and {@code GET /status.json}, without a
 * login or token, like a hosted Statuspage. Only services marked {@code public: true} appear, and
 * of their incidents only what {@link StatusView} copies out. The page needs no JavaScript and loads
 * nothing else, so its Content-Security-Policy forbids everything but its own inline style.
 */
public final class StatusRoutes implements HttpServer.Routes {
    /** Enough for any real history; open incidents come first, so a cut never hides a current one. */
    static final int MAX_INCIDENTS_PER_SERVICE = 10_000;
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    // mustache.java's default factory HTML-escapes every {{value}}; the page has no {{{raw}}} value.
    private static final Mustache PAGE = new DefaultMustacheFactory("status").compile("status.mustache");

    private final Service service;

    public StatusRoutes(Service service) {
        this.service = service;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/status", this::html);
        routes.get("/status.json", this::json);
    }

    /** The page's facts at {@code now}: each public service in configuration order. */
    public StatusView view(Instant now) {
        Instant from = UptimeHistory.windowStart(now, UptimeHistory.DEFAULT_DAYS);
        List<StatusView.Input> inputs = service.config().config().services().stream()
                .filter(ServiceConfig::isPublic)
                .map(config -> new StatusView.Input(config.name(),
                        service.incidents().affecting(config.name(), from, MAX_INCIDENTS_PER_SERVICE)))
                .toList();
        return StatusView.of(inputs, now, UptimeHistory.DEFAULT_DAYS);
    }

    /** Renders {@code view} with the built-in template. */
    public static String render(StatusView view) {
        StringWriter out = new StringWriter();
        PAGE.execute(out, view);
        return out.toString();
    }

    private void html(Context ctx) {
        String body = render(view(service.clock().instant()));
        headers(ctx);
        ctx.header("Content-Security-Policy", POLICY);
        ctx.contentType("text/html; charset=utf-8").result(body);
    }

    private void json(Context ctx) {
        var body = view(service.clock().instant()).json();
        headers(ctx);
        // Public data without credentials: other sites may embed it, as they do hosted status pages.
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.json(body);
    }

    private static void headers(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }
}
