package io.firebreak.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a server a test started (Prometheus, Alertmanager) to answer 200 on its {@code /-/ready}. */
final class ReadyWait {
    private ReadyWait() {}

    /**
     * Returns when {@code baseUrl + "/-/ready"} answers 200 within 30 s; otherwise closes the server
     * and fails with its log.
     *
     * @param log   the server's output so far, for the failure message
     * @param close stops the server and removes what it left
     */
    static void ready(String name, String baseUrl, Process process, Callable<String> log, Runnable close)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output;
                try {
                    output = log.call();
                } catch (Exception e) {
                    output = "(no log: " + e + ")";
                }
                close.run();
                throw new IllegalStateException(name + " exited at start: " + output);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        close.run();
        throw new IllegalStateException(name + " did not become ready in 30s");
    }
}
