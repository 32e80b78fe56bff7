package io.firebreak.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.Service;
import io.firebreak.server.store.StoreException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP server: Javalin 7 on virtual threads. Every {@code /api} call needs a bearer token
 * (viewer to read, responder to write); errors are JSON {@code {"error", "field"}}; request bodies
 * are limited to 1 MiB. Route groups register themselves; this class owns what they share.
 */
public final class HttpServer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpServer.class);
    public static final long MAX_BODY = 1024 * 1024;
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRINCIPAL = "firebreak.principal";
    /** Set once a handler has answered with a problem, so the generic 404/405 pages leave its message alone. */
    static final String ANSWERED = "firebreak.answered";

    private HttpServer() {}

    /** A group of routes. */
    public interface Routes {
        void register(RoutesConfig routes);
    }

    /**
     * Starts the server with this package's route groups and {@code otherGroups}, the groups of the
     * packages built on this one (status page, UI). They are passed in rather than listed here so
     * that those packages depend on {@code http} and never the reverse.
     */
    public static Javalin start(Service service, java.util.List<Routes> otherGroups) {
        String listen = service.config().config().server().listen();
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(listen.substring(colon + 1));
        if (!service.auth().enabled() && !loopback(host)) {
            throw new IllegalStateException("refusing to serve the API on " + listen + " without a token: add api.tokens to "
                    + service.config().source() + " (or listen on 127.0.0.1)");
        }
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            // Ingestion goes to Jetty directly; Javalin's servlet is added behind it and gets the rest.
            cfg.jetty.modifyServer(server -> server.setHandler(new org.eclipse.jetty.server.Handler.Sequence(new IngestHandler(service))));
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(JSON, false));
            cfg.staticFiles.enableWebjars();
            cfg.requestLogger.http((ctx, millis) -> service.meters().request(ctx.method().name(), route(ctx),
                    ctx.status().getCode(), java.time.Duration.ofNanos((long) (millis * 1_000_000))));
            cfg.routes.before("/api/*", ctx -> authenticate(service, ctx));
            cfg.routes.exception(HttpProblem.class, (e, ctx) -> problem(ctx, e.status(), e.getMessage(), e.field(), e.extra()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(), switch (e.getStatus()) {
                case 413 -> "request body over " + MAX_BODY / 1024 + " KiB";
                case 404 -> "no such path: " + ctx.method() + " " + ctx.path();
                case 405 -> "method not allowed: " + ctx.method() + " " + ctx.path();
                default -> e.getMessage();
            }, null, Map.of()));
            cfg.routes.exception(StoreException.class, (e, ctx) -> {
                LOG.warn("{} {}: store unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
                problem(ctx, 503, "the store is unavailable; nothing was changed, retry later", null, Map.of());
            });
            cfg.routes.exception(org.jdbi.v3.core.JdbiException.class, (e, ctx) -> {
                LOG.warn("{} {}: store unavailable: {}", ctx.method(), ctx.path(), io.firebreak.server.config.StorageConfig.redact(
                        String.valueOf(e.getMessage())));
                problem(ctx, 503, "the store is unavailable; nothing was changed, retry later", null, Map.of());
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "internal error (logged)", null, Map.of());
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    problem(ctx, 404, "no such path: " + ctx.method() + " " + ctx.path(), null, Map.of());
                }
            });
            cfg.routes.error(405, ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    problem(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path(), null, Map.of());
                }
            });
            new HealthRoutes(service).register(cfg.routes);
            new IncidentRoutes(service).register(cfg.routes);
            new AdminRoutes(service).register(cfg.routes);
            new PostMortemRoutes(service).register(cfg.routes);
            new AlertmanagerApiRoutes(service).register(cfg.routes);
            for (Routes group : otherGroups) {
                group.register(cfg.routes);
            }
        });
        app.start();
        return app;
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void authenticate(Service service, Context ctx) {
        String header = ctx.header("Authorization");
        String method = ctx.method().name();
        String calendarToken = method.equals("GET") && ctx.path().endsWith(".ics") ? ctx.queryParam("token") : null;
        try {
            ctx.attribute(PRINCIPAL, authorize(service.auth(), header, method, calendarToken));
        } catch (HttpProblem e) {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", CHALLENGE);
            }
            throw e;
        }
    }

    /** The challenge that goes with every 401. */
    static final String CHALLENGE = "Bearer realm=\"firebreak\"";

    /**
     * Who sends this request, and whether their role may use {@code method}: 401 without a known
     * token, 403 for a role that may not. {@code calendarToken} is a {@code ?token=} of an iCal feed
     * (calendar clients subscribe to a URL and cannot send a header), or null; it counts only when
     * no bearer token came.
     */
    static Auth.Principal authorize(Auth auth, String authorization, String method, String calendarToken) {
        Auth.Principal principal;
        if (!auth.enabled()) {
            principal = Auth.ANONYMOUS;
        } else {
            Optional<String> presented = Auth.bearer(authorization);
            if (presented.isEmpty() && calendarToken != null && !calendarToken.isBlank()) {
                presented = Optional.of(calendarToken);
            }
            principal = presented.flatMap(auth::authenticate).orElse(null);
            if (principal == null) {
                throw new HttpProblem(401, authorization == null
                        ? "missing bearer token: send Authorization: Bearer <token> (api.tokens)" : "unknown token", null);
            }
        }
        Auth.Role needed = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") ? Auth.Role.VIEWER : Auth.Role.RESPONDER;
        if (!principal.role().allows(needed)) {
            throw new HttpProblem(403, "token '" + principal.name() + "' is a " + principal.role().wireName()
                    + "; " + method + " needs " + needed.wireName() + " or admin", null);
        }
        return principal;
    }

    /** Who made this {@code /api} request. */
    public static Auth.Principal principal(Context ctx) {
        Auth.Principal principal = ctx.attribute(PRINCIPAL);
        return principal == null ? Auth.ANONYMOUS : principal;
    }

    public static void problem(Context ctx, int status, String message, String field, Map<String, Object> extra) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).json(problemBody(message, field, extra));
    }

    /** The JSON body of an error answer: {@code {"error", "field", ...extra}}. */
    static Map<String, Object> problemBody(String message, String field, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        body.putAll(extra);
        return body;
    }

    /** The request body as JSON: 415 unless it is JSON, 400 naming the position when it does not parse. */
    public static com.fasterxml.jackson.databind.JsonNode body(Context ctx) {
        com.fasterxml.jackson.databind.JsonNode tree = parse(ctx);
        if (tree == null) {
            throw HttpProblem.badRequest("", "empty body: expected JSON");
        }
        return tree;
    }

    /**
     * The request body as JSON, or null when it is empty. The stream can be read once: the tree is
     * kept on the request for handlers that ask again.
     */
    private static com.fasterxml.jackson.databind.JsonNode parse(Context ctx) {
        Object parsed = ctx.attribute(BODY);
        if (parsed != null) {
            return parsed == EMPTY ? null : (com.fasterxml.jackson.databind.JsonNode) parsed;
        }
        com.fasterxml.jackson.databind.JsonNode tree = read(ctx);
        ctx.attribute(BODY, tree == null ? EMPTY : tree);
        return tree;
    }

    private static final String BODY = "firebreak.body";
    private static final Object EMPTY = new Object();

    private static com.fasterxml.jackson.databind.JsonNode read(Context ctx) {
        try {
            return readJson(ctx.contentType(), ctx.contentLength(), ctx.req().getInputStream());
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("", "unreadable body: " + e.getMessage());
        }
    }

    /**
     * A request body as JSON, or null when it is empty: 415 unless the type is JSON, 413 over
     * {@link #MAX_BODY} (after draining what is left of it), 400 naming the position when it does
     * not parse. Parsed straight from the request stream: copying the body into an array first cost
     * a tenth of the parse at ingestion rates. A body without a length is counted as it is read.
     */
    static com.fasterxml.jackson.databind.JsonNode readJson(String type, long length, java.io.InputStream in) {
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new HttpProblem(415, "expected Content-Type: application/json, got " + type, null);
        }
        if (length > MAX_BODY) {
            throw tooLarge(in);
        }
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = JSON.readTree(new BoundedInput(in, MAX_BODY));
        } catch (BoundedInput.TooLarge e) {
            throw tooLarge(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var location = e.getLocation();
            throw HttpProblem.badRequest("", "invalid JSON" + (location == null ? "" : " at line " + location.getLineNr()
                    + ", column " + location.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("", "unreadable body: " + e.getMessage());
        }
        return tree == null || tree.isMissingNode() ? null : tree;
    }

    /** A body the client may still send after the answer is read and dropped, up to this much. */
    private static final long DRAIN_LIMIT = 16 * MAX_BODY;

    /**
     * The 413 for a body over the limit. What is left of a body of reasonable size is read and
     * dropped first: a client still writing when the answer comes would otherwise see a broken
     * connection instead of the 413.
     */
    private static HttpProblem tooLarge(java.io.InputStream in) {
        try {
            byte[] sink = new byte[8192];
            long drained = 0;
            int n;
            while (drained < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
                drained += n;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the client went away: nothing to answer it
        }
        return new HttpProblem(413, "request body over " + MAX_BODY / 1024 + " KiB", null);
    }

    /** A request body that fails with {@link TooLarge} past {@code limit} bytes. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        /** Thrown past the limit; an {@link java.io.IOException} so that the JSON parser passes it on untouched. */
        static final class TooLarge extends java.io.IOException {
            TooLarge() {
                super("request body too large", null);
            }
        }

        private final long limit;
        private long read;

        BoundedInput(java.io.InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /** The container owns the request stream (and tooLarge() may still drain it): the parser's close stops here. */
        @Override
        public void close() {
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge();
            }
        }
    }

    /** A required string field of a JSON object body. */
    public static String text(com.fasterxml.jackson.databind.JsonNode body, String field, boolean required) {
        var node = body == null ? null : body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw HttpProblem.badRequest(field, "missing: " + field);
            }
            return "";
        }
        if (!node.isTextual()) {
            throw HttpProblem.badRequest(field, field + " must be a string");
        }
        if (required && node.asText().isBlank()) {
            throw HttpProblem.badRequest(field, field + " must not be empty");
        }
        return node.asText();
    }

    /** A JSON object body, or {} when the request has none. */
    public static com.fasterxml.jackson.databind.JsonNode objectBody(Context ctx) {
        var body = ctx.contentLength() == 0 && ctx.attribute(BODY) == null ? null : parse(ctx);
        if (body == null) {
            return JSON.createObjectNode();
        }
        if (!body.isObject()) {
            throw HttpProblem.badRequest("", "expected a JSON object");
        }
        return body;
    }
}
