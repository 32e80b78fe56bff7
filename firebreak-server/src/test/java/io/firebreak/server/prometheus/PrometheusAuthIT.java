package io.firebreak.server.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.server.config.PrometheusConfig;
import io.firebreak.server.config.Secret;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials for Prometheus reach it as an Authorization header, and nowhere else. */
class PrometheusAuthIT {
    static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");
    static final String EMPTY_VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

    @TempDir
    Path dir;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static PrometheusConfig config(String username, String password, String bearerToken, String bearerTokenFile) {
        return new PrometheusConfig(List.of(), Duration.ofSeconds(2), username, new Secret(password), new Secret(bearerToken), bearerTokenFile);
    }

    @Test
    void basicAuthFromTheConfigIsSent() throws Exception {
        try (var stub = new StubHttpServer(r -> Response.json(200, EMPTY_VECTOR))) {
            var auth = PrometheusAuth.of(config("scraper", "planted-basic-pw", "", ""), dir);
            var client = new PrometheusClient(List.of(stub.url()), Duration.ofSeconds(2), auth);
            assertThat(client.query("up", AT)).isInstanceOf(QueryResult.Samples.class);
            assertThat(stub.requests()).singleElement().satisfies(request ->
                    assertThat(request.headers().get("Authorization")).containsExactly(basic("scraper", "planted-basic-pw")));
            assertThat(client.toString() + auth).doesNotContain("planted-basic-pw");
        }
    }

    @Test
    void bearerTokenFromTheConfigIsSent() throws Exception {
        try (var stub = new StubHttpServer(r -> Response.json(200, EMPTY_VECTOR))) {
            var auth = PrometheusAuth.of(config("", "", "planted-bearer-token", ""), dir);
            new PrometheusClient(List.of(stub.url()), Duration.ofSeconds(2), auth).query("up", AT);
            assertThat(stub.requests()).singleElement().satisfies(request ->
                    assertThat(request.headers().get("Authorization")).containsExactly("Bearer planted-bearer-token"));
            assertThat(auth.toString()).doesNotContain("planted-bearer-token");
        }
    }

    @Test
    void bearerTokenFileIsReadAtEveryQuerySoARotatedTokenIsUsed() throws Exception {
        Files.writeString(dir.resolve("token"), "first-token\n");
        try (var stub = new StubHttpServer(r -> Response.json(200, EMPTY_VECTOR))) {
            var client = new PrometheusClient(List.of(stub.url()), Duration.ofSeconds(2),
                    PrometheusAuth.of(config("", "", "", "token"), dir));
            client.query("up", AT);
            Files.writeString(dir.resolve("token"), "second-token");
            client.query("up", AT);
            assertThat(stub.requests()).extracting(request -> request.headers().get("Authorization").get(0))
                    .containsExactly("Bearer first-token", "Bearer second-token");

            Files.delete(dir.resolve("token"));
            assertThat(client.query("up", AT)).isInstanceOfSatisfying(QueryResult.Failure.class, failure -> {
                assertThat(failure.kind()).isEqualTo(QueryResult.Kind.UNREACHABLE);
                assertThat(failure.reason()).startsWith("cannot read the bearer token file: java.nio.file.NoSuchFileException");
            });
            assertThat(stub.requests()).hasSize(2);   // nothing sent without its token
        }
    }

    @Test
    void credentialsInTheUrlGoAsBasicAuthAndNeverOnTheWire() throws Exception {
        try (var prometheus = new RawHttpServer()) {
            // Percent-encoded '@' and a literal '+' in the password: decoded as a URI does, not as a form.
            String url = "http://scraper:planted%40url+pw@127.0.0.1:" + prometheus.port() + "/";
            var client = new PrometheusClient(List.of(url), Duration.ofSeconds(2));
            assertThat(client.query("up", AT)).isInstanceOf(QueryResult.Samples.class);

            String head = prometheus.head();
            assertThat(head).startsWith("POST /api/v1/query HTTP/1.1\r\n")
                    .containsIgnoringCase("\r\nHost: 127.0.0.1:" + prometheus.port() + "\r\n")
                    .containsIgnoringCase("\r\nAuthorization: " + basic("scraper", "planted@url+pw") + "\r\n")
                    .doesNotContain("planted").doesNotContain("scraper");
            assertThat(client.urls()).containsExactly("http://scraper:<secret>@127.0.0.1:" + prometheus.port());
        }
    }

    @Test
    void urlCredentialsWinOverConfiguredOnesForThatServerOnly() throws Exception {
        try (var withUrl = new StubHttpServer(r -> Response.text(503, "text/plain", "down"));
             var plain = new StubHttpServer(r -> Response.json(200, EMPTY_VECTOR))) {
            String first = withUrl.url().replace("http://", "http://alice:url-pw@");
            var client = new PrometheusClient(List.of(first, plain.url()), Duration.ofSeconds(2),
                    PrometheusAuth.of(config("", "", "config-token", ""), dir));
            assertThat(client.query("up", AT)).isInstanceOf(QueryResult.Samples.class);
            assertThat(withUrl.requests().get(0).headers().get("Authorization")).containsExactly(basic("alice", "url-pw"));
            assertThat(plain.requests().get(0).headers().get("Authorization")).containsExactly("Bearer config-token");
        }
    }

    @Test
    void refusedCredentialsAreAServerErrorThatNamesTheKeysButNoSecret() throws Exception {
        try (var stub = new StubHttpServer(r -> Response.text(401, "text/plain", "Unauthorized"))) {
            String url = stub.url().replace("http://", "http://scraper:planted-refused-pw@");
            var client = new PrometheusClient(List.of(url, url), Duration.ofSeconds(2));
            assertThat(client.query("up", AT)).isInstanceOfSatisfying(QueryResult.Failure.class, failure -> {
                assertThat(failure.kind()).isEqualTo(QueryResult.Kind.SERVER_ERROR);
                assertThat(failure.reason()).contains("HTTP 401: Prometheus refused the credentials sent")
                        .contains("scraper:<secret>@").doesNotContain("planted-refused-pw");
            });
            var anonymous = new PrometheusClient(List.of(stub.url()), Duration.ofSeconds(2));
            assertThat(((QueryResult.Failure) anonymous.query("up", AT)).reason()).startsWith("HTTP 401: Prometheus wants credentials");
        }
    }

    @Test
    void anInvalidUrlIsRefusedWithItsPasswordMasked() {
        assertThatThrownBy(() -> new PrometheusClient(List.of("http://scraper:planted-bad-pw@127.0.0.1:9090/a b"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid Prometheus URL: 'http://scraper:<secret>@127.0.0.1:9090/a b'")
                .hasMessageNotContaining("planted-bad-pw")
                .hasNoCause();
        assertThatThrownBy(() -> new PrometheusClient(List.of("ftp://scraper:planted-bad-pw@127.0.0.1"), Duration.ofSeconds(1)))
                .hasMessage("not an http(s) Prometheus URL: 'ftp://scraper:<secret>@127.0.0.1'");
    }

    /**
     * One connection, read byte for byte: the request line and headers exactly as they were sent,
     * which a higher-level server would already have parsed and normalised.
     */
    static final class RawHttpServer implements AutoCloseable {
        private final ServerSocket socket;
        private final CompletableFuture<String> head = new CompletableFuture<>();

        RawHttpServer() throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::serveOne);
        }

        int port() {
            return socket.getLocalPort();
        }

        String head() throws Exception {
            return head.get(5, TimeUnit.SECONDS);
        }

        private void serveOne() {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                while (!received.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int next = in.read();
                    if (next < 0) {
                        break;
                    }
                    received.write(next);
                }
                String text = received.toString(StandardCharsets.ISO_8859_1);
                int length = text.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                        .map(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElse(0);
                in.readNBytes(length);
                byte[] body = EMPTY_VECTOR.getBytes(StandardCharsets.UTF_8);
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                head.complete(text);
            } catch (IOException e) {
                head.completeExceptionally(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
