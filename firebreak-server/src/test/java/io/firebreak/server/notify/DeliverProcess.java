package io.firebreak.server.notify;

import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.channel.webhook.WebhookNotifier;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxStore;
import java.time.Clock;
import java.util.Map;

/**
 * Run as a separate JVM by {@link DeliveryKillIT}: a delivery worker on the real clock that drains
 * a PostgreSQL outbox to one webhook channel, {@code hooks}, until it is killed. Says READY on
 * stderr once the store is open. Arguments: JDBC URL, user, password, webhook URL.
 */
public final class DeliverProcess {
    private DeliverProcess() {}

    public static void main(String[] args) throws Exception {
        var storage = new StorageConfig(args[0], args[1], new Secret(args[2]), 2);
        try (Database database = Database.open(storage)) {
            var notifier = new WebhookNotifier("hooks", new Secret(args[3]), new Secret(""), Map.of(), new HttpSender());
            var worker = new DeliveryWorker(new OutboxStore(database), new IncidentStore(database), Map.of("hooks", notifier),
                    "http://127.0.0.1", Clock.systemUTC(), DeliveryWorker.DEFAULT_MAX_AGE, Math::random);
            System.err.println("READY");
            System.err.flush();
            while (true) {
                if (worker.deliverDue(1000).sent() == 0) {
                    Thread.sleep(50);
                }
            }
        }
    }
}
