package io.firebreak.server.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A scrape target for a real Prometheus: {@code GET /metrics} on 127.0.0.1 and a free port answers
 * {@code probe_value N}, where the test sets N. Flipping N over a rule's threshold makes an alert
 * fire and resolve for real.
 */
public final class ProbeTarget implements AutoCloseable {
    private final HttpServer server;
    private volatile double value;

    private ProbeTarget(double initial) throws IOException {
        this.value = initial;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE probe_value gauge\nprobe_value " + value + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static ProbeTarget start(double initial) throws IOException {
        return new ProbeTarget(initial);
    }

    /** What the next scrape sees. */
    public void set(double next) {
        value = next;
    }

    /** {@code host:port} for a Prometheus static_config. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
