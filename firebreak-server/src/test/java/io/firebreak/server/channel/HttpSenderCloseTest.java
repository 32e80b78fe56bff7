package io.firebreak.server.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.firebreak.core.notify.DeliveryResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a sender stops its HTTP client's threads (a one-shot command's exit would otherwise wait
 * 300 ms for the client's selector thread, which sits in native code), and it can still send after.
 */
class HttpSenderCloseTest {
    HttpServer receiver;
    URI url;

    @BeforeEach
    void busyReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.start();
        url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void closeStopsTheClientsSelectorThreadAndASendAfterwardsStillWorks() {
        HttpSender sender = new HttpSender(Duration.ofSeconds(2), Clock.systemUTC());
        long before = selectorThreads();

        assertThat(sender.post(url, Map.of(), "{}").result()).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(selectorThreads()).isEqualTo(before + 1);

        sender.close();
        assertThat(selectorThreads()).isEqualTo(before);

        var again = sender.post(url, Map.of(), "{}").result();
        assertThat(again).isInstanceOfSatisfying(DeliveryResult.Failed.class, failed -> assertThat(failed.status()).isEqualTo(503));
        sender.close();
        assertThat(selectorThreads()).isEqualTo(before);
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().matches("HttpClient-\\d+-SelectorManager"))
                .count();
    }
}
