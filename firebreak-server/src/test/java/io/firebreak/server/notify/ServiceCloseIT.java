package io.firebreak.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A stopped service lets go of its channels: no HTTP client thread of a webhook it sent through outlives it. */
class ServiceCloseIT {
    /**
     * The JDK HTTP clients that have live threads, by the number in their threads' names
     * ({@code HttpClient-7-SelectorManager}, {@code HttpClient-7-Worker-0}): a client that was
     * there before may start another worker later, and is not the channel's.
     */
    private static Set<String> httpClients() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("HttpClient-"))
                .map(thread -> thread.getName().split("-")[1])
                .collect(Collectors.toSet());
    }

    @Test
    void closingTheServiceStopsTheHttpClientOfEachChannelThatSent() throws Exception {
        try (var receiver = new StubHttpServer(request -> Response.json(200, "{}"))) {
            ServiceHarness harness = ServiceHarness.sqlite("""
                    channels:
                      - {name: hook, type: webhook, url: "%s/hook"}
                    routes:
                      - {channels: [hook]}
                    """.formatted(receiver.url()));
            Set<String> before;
            try {
                // The harness's own client for the API calls below is made here, before the channel sends.
                assertThat(harness.get("/api/v1/incidents", ServiceHarness.RESPONDER).status()).isEqualTo(200);
                before = httpClients();
                var opened = harness.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                        "{\"title\": \"Checkout down\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}");
                assertThat(opened.status()).as(opened.body()).isEqualTo(201);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (receiver.requests().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(receiver.requests()).as("the webhook was sent").isNotEmpty();
                Set<String> sending = httpClients();
                sending.removeAll(before);
                assertThat(sending).as("the channel's HTTP client runs threads of its own").isNotEmpty();
            } finally {
                harness.close();
            }

            Set<String> left = httpClients();
            left.removeAll(before);
            assertThat(left).as("HTTP clients with threads left after the service stopped").isEmpty();
        }
    }
}
