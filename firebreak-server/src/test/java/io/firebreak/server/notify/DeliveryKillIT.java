package io.firebreak.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.routing.Route;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.channel.webhook.WebhookNotifier;
import io.firebreak.server.config.Secret;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.Outbox;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.testing.MutableClock;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import io.firebreak.server.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a delivering process in the middle of a batch, on PostgreSQL: after its lease another
 * worker delivers the rest. Every message reaches the receiver at least once, in order per
 * incident, and no row is marked delivered that the receiver never got.
 */
class DeliveryKillIT {

    @Test
    void killedMidBatchEveryMessageArrivesAtLeastOnceAndNoneIsMarkedDeliveredThatWasNot() throws Exception {
        var postgres = TestPostgres.get();
        var storage = postgres.newDatabase();
        List<String> received = new CopyOnWriteArrayList<>();
        try (var hook = new StubHttpServer(request -> {
                 received.add(request.headers().get("Idempotency-key").get(0));
                 return new Response(200, "application/json", "{}", 250);   // a slow receiver: the batch takes seconds
             });
             Database database = Database.open(storage)) {
            var route = new Route(List.of(), List.of("hooks"), Set.of(), false);
            var notifier = new WebhookNotifier("hooks", new Secret(hook.url() + "/hook"), new Secret(""), Map.of(), new HttpSender());
            var incidents = new IncidentStore(database, new Outbox(List.of(route), Map.of("hooks", notifier.events())));
            var outbox = new OutboxStore(database);
            Instant at = Instant.now().minusSeconds(5);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = incidents.open(NewIncident.manual("kill test " + i, Severity.HIGH, "agente-api"), "test", at).id();
                incidents.update(id, incident -> IncidentLifecycle.acknowledge(incident, "bob", at.plusMillis(1)));
                ids.add(id);
            }
            Set<String> all = new HashSet<>();
            outbox.list(Optional.empty(), false, 100).forEach(row -> all.add(row.id()));
            assertThat(all).hasSize(24);

            Process child = startDeliverer(storage.url(), postgres.user(), postgres.password(), hook.url() + "/hook");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received.size() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(received).as("the child delivers").hasSizeGreaterThanOrEqualTo(5);
            } finally {
                child.destroyForcibly();                                           // SIGKILL: no shutdown hook, no cleanup
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }

            List<OutboxRow> afterKill = outbox.list(Optional.empty(), false, 100);
            assertThat(afterKill).filteredOn(row -> row.state().equals("delivered"))
                    .as("marked delivered only what the receiver got").allSatisfy(row -> assertThat(received).contains(row.id()));
            assertThat(afterKill).filteredOn(row -> row.state().equals("pending") && row.claimToken() != null)
                    .as("it died in the middle of a claimed batch").isNotEmpty();

            // Another instance, once the dead one's lease has run out.
            hook.respond(request -> {
                received.add(request.headers().get("Idempotency-key").get(0));
                return Response.json(200, "{}");
            });
            var clock = new MutableClock(Instant.now().plus(OutboxStore.LEASE).plusSeconds(1));
            var survivor = new DeliveryWorker(outbox, incidents, Map.of("hooks", notifier), "http://127.0.0.1", clock,
                    DeliveryWorker.DEFAULT_MAX_AGE, () -> 0.5);
            for (int pass = 0; pass < 20 && outbox.nextDue().isPresent(); pass++) {
                survivor.deliverDue(1000);
                clock.advance(Duration.ofSeconds(1));
            }

            List<OutboxRow> rows = outbox.list(Optional.empty(), false, 100);
            assertThat(rows).hasSize(24).allSatisfy(row -> assertThat(row.state()).as(row.id()).isEqualTo("delivered"));
            assertThat(new HashSet<>(received)).as("every message reached the receiver").isEqualTo(all);
            Map<String, Integer> copies = new HashMap<>();
            received.forEach(key -> copies.merge(key, 1, Integer::sum));
            assertThat(copies.values().stream().filter(n -> n > 1).count())
                    .as("only the message in flight at the kill may arrive twice").isLessThanOrEqualTo(1);
            for (String id : ids) {
                assertThat(received.indexOf(id + ":1:hooks")).as("opened before acknowledged for " + id)
                        .isLessThan(received.indexOf(id + ":2:hooks"));
            }
        }
    }

    private static Process startDeliverer(String url, String user, String password, String hookUrl) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), DeliverProcess.class.getName(),
                url, user, password, hookUrl).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var stderr = new BufferedReader(new InputStreamReader(process.getErrorStream()));
        String line;
        while ((line = stderr.readLine()) != null && !line.equals("READY")) {
            System.err.println(line);
        }
        if (line == null) {
            process.destroyForcibly();
        }
        assertThat(line).as("deliverer says READY").isEqualTo("READY");
        CompletableFuture.runAsync(() -> stderr.lines().forEach(System.err::println));
        return process;
    }
}
