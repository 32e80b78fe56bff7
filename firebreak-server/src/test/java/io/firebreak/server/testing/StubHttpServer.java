package io.firebreak.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 and a free port that answers with whatever the test says and
 * records every request: a stand-in for Prometheus, webhooks, Slack.
 */
public final class StubHttpServer implements AutoCloseable {
    /** A request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** A form field of an application/x-www-form-urlencoded body. */
        public String form(String name) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** What to answer; {@code delayMillis} holds the answer back (to test timeouts). */
    public record Response(int status, String contentType, String body, long delayMillis, Map<String, String> headers) {
        public Response(int status, String contentType, String body, long delayMillis) {
            this(status, contentType, body, delayMillis, Map.of());
        }

        public static Response json(int status, String body) {
            return new Response(status, "application/json", body, 0);
        }

        public Response withRetryAfter(String value) {
            return new Response(status, contentType, body, delayMillis, Map.of("Retry-After", value));
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, contentType, body, 0);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> responder;

    public StubHttpServer(Function<Request, Response> responder) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(request);
        Response response = responder.apply(request);
        try {
            if (response.delayMillis() > 0) {
                Thread.sleep(response.delayMillis());
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            response.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // the client timed out and closed the connection: that is the point of a delayed answer
        } finally {
            exchange.close();
        }
    }

    public void respond(Function<Request, Response> newResponder) {
        this.responder = newResponder;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
