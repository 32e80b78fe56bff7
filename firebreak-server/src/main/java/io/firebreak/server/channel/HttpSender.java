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
    /** Built on the first https request: its TLS setup (the trust store) costs a one-shot command more than the command itself. */
    private HttpClient https;
    /** For http:// receivers (a webhook on the same network): never speaks TLS, so it loads no trust store. Redirects are off. */
    private HttpClient plainHttp;

    public HttpSender() {
        this(TIMEOUT, Clock.systemUTC());
    }

    /** @param timeout how long one request may take (tests use a short one) */
    public HttpSender(Duration timeout, InstantSource clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    private synchronized HttpClient client(URI url) {
        if ("http".equalsIgnoreCase(url.getScheme())) {
            if (plainHttp == null) {
                plainHttp = builder().sslContext(withoutTls()).build();
            }
            return plainHttp;
        }
        if (https == null) {
            https = builder().build();
        }
        return https;
    }

    /**
     * Stops the clients' threads. A one-shot command calls it before it exits: the JVM's exit waits
     * up to 300 ms for any thread that is inside native code, and an HttpClient's selector thread
     * always is (waiting on its sockets). Sending after this builds a new client.
     */
    public synchronized void close() {
        for (HttpClient client : new HttpClient[] {plainHttp, https}) {
            if (client != null) {
                client.shutdownNow();
                try {
                    client.awaitTermination(Duration.ofMillis(500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        plainHttp = null;
        https = null;
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    }

    /**
     * A TLS context for a client that never makes a TLS connection: the HttpClient insists on one,
     * and the JDK's own ({@code SSLContext.getInstance("TLS")}) loads the JSSE provider and works out
     * its cipher suites first, which costs a one-shot command's delivery more than its request.
     * Asked for an engine (a TLS connection), it refuses.
     */
    private static javax.net.ssl.SSLContext withoutTls() {
        return new NoTls();
    }

    private static final class NoTls extends javax.net.ssl.SSLContext {
        NoTls() {
            super(new NoTlsSpi(), null, "none");
        }
    }

    private static final class NoTlsSpi extends javax.net.ssl.SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("this client sends plain http only");
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] keys, javax.net.ssl.TrustManager[] trust, java.security.SecureRandom random) {
            // nothing to set up: it makes no TLS connection
        }

        @Override
        protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLParameters engineGetDefaultSSLParameters() {
            return new javax.net.ssl.SSLParameters();
        }

        @Override
        protected javax.net.ssl.SSLParameters engineGetSupportedSSLParameters() {
            return new javax.net.ssl.SSLParameters();
        }
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
            HttpRequest built = request.build();
            HttpResponse<String> response = client(built.uri()).send(built, HttpResponse.BodyHandlers.ofString());
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
