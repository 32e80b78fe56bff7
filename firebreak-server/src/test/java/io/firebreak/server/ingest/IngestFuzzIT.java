package io.firebreak.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.ServiceHarness.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 10,000 malformed or random bodies per ingestion endpoint, from a fixed seed: never a 5xx, and
 * never a partial write: after each request the store holds exactly as many more alerts as the
 * answer says it stored (none for a refused body), and incidents appear only when alerts were stored.
 */
class IngestFuzzIT {
    private static final int BODIES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServiceHarness service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceHarness.sqlite("");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static final List<String> SEEDS = List.of(
            """
            {"version":"4","groupKey":"{}:{alertname=\\"A\\"}","status":"firing","alerts":[{"status":"firing",
             "labels":{"alertname":"A","severity":"critical"},"annotations":{"summary":"s"},"startsAt":"2026-11-29T09:00:00Z",
             "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://p"}]}""",
            """
            [{"labels":{"alertname":"B","instance":"i"},"annotations":{"summary":"s"},"startsAt":"2026-11-29T09:00:00Z",
              "endsAt":"2026-11-29T12:00:00Z","generatorURL":"http://p"}]""",
            """
            {"summary":"C","severity":"HIGH","service":"svc","dedup_key":"k","status":"firing","labels":{"a":"b"},
             "annotations":{"x":"y"},"runbook":"r"}""");

    private static final String[] FRAGMENTS = {"null", "true", "-1", "1e999", "\"\"", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"",
        "{\"labels\":null}", "[[[[[[[[]]]]]]]]", "\"2026-13-45T99:99:99Z\"", "\"firing\"", "\"resolved\"", "{\"alertname\":1}",
        "\"<script>alert(1)</script>\"", "\"" + "x".repeat(5000) + "\"", "{\"\":\"\"}", "{\"a b\":\"c\"}"};

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/alerts/alertmanager", "/api/v2/alerts", "/api/v1/alerts"})
    void randomBodiesNeverFailTheServerNorWriteHalfABatch(String path) throws Exception {
        Random random = new Random(path.hashCode() * 31L + 7);
        int refused = 0;
        int stored = 0;
        for (int i = 0; i < BODIES; i++) {
            String body = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            int alertsBefore = alerts();
            int incidentsBefore = incidents();
            Reply reply = service.post(path, ServiceHarness.RESPONDER, body);
            assertThat(reply.status()).as("body %d: %s -> %s", i, abbreviate(body), reply.body()).isBetween(200, 499);
            JsonNode answer = JSON.readTree(reply.body());
            int said = answer.has("stored") ? answer.get("stored").asInt() : 0;
            int added = alerts() - alertsBefore;
            assertThat(added).as("body %d: %s stored %d, answer said %d", i, abbreviate(body), added, said).isBetween(0, said);
            if (said == 0) {
                assertThat(incidents()).as("body %d opened an incident without storing an alert", i).isEqualTo(incidentsBefore);
                refused++;
            } else {
                stored++;
            }
            if (reply.status() >= 400) {
                assertThat(answer.get("error").asText()).isNotBlank();
            }
        }
        assertThat(refused).as("the fuzzer should mostly produce invalid bodies").isGreaterThan(BODIES / 2);
        assertThat(stored).as("and some valid ones").isGreaterThan(0);
    }

    private static int alerts() {
        return service.service().alerts().counts().values().stream().mapToInt(Integer::intValue).sum();
    }

    private static int incidents() {
        return service.service().incidents().count();
    }

    /** One of: a byte flipped, truncated, a value swapped for a hostile fragment, junk, or a near-valid variant. */
    static String mutate(String seed, Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> {
                byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(128);
                }
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case 1 -> seed.substring(0, random.nextInt(seed.length()));
            case 2, 3 -> {
                // Replace one quoted value or object with a hostile fragment.
                int at = seed.indexOf(':', random.nextInt(seed.length()));
                if (at < 0) {
                    yield FRAGMENTS[random.nextInt(FRAGMENTS.length)];
                }
                int end = at + 1;
                while (end < seed.length() && ",}]".indexOf(seed.charAt(end)) < 0) {
                    end++;
                }
                yield seed.substring(0, at + 1) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + seed.substring(end);
            }
            case 4 -> {
                StringBuilder junk = new StringBuilder();
                for (int n = random.nextInt(200); n > 0; n--) {
                    junk.append((char) (32 + random.nextInt(95)));
                }
                yield junk.toString();
            }
            case 5 -> "[".repeat(1 + random.nextInt(3000)) + "]".repeat(random.nextInt(3000));
            default -> seed.replace("\"A\"", "\"A" + random.nextInt(1000) + "\"").replace("\"B\"", "\"B" + random.nextInt(1000) + "\"")
                    .replace("\"k\"", "\"k" + random.nextInt(1000) + "\"");
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

}
