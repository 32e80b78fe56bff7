package io.firebreak.bench;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentFilter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store of a million incidents: fills SQLite or PostgreSQL with three years of incidents and
 * their timelines ({@link ScaleData}), switches between the indexes before and after migration
 * V0014, prints the query plans of the incident list's shapes, and times the API of a running
 * {@code firebreak run} against it.
 *
 * <pre>
 * fill    URL USER PASSWORD INCIDENTS EVENTS SAMPLES_FILE   fill an empty store (baseline indexes), write sample ids
 * indexes URL USER PASSWORD baseline|current                drop V0014's indexes (and restore what it dropped), or apply them
 * explain URL USER PASSWORD                                 EXPLAIN (ANALYZE) / EXPLAIN QUERY PLAN of each list shape
 * api     BASE_URL TOKEN REQUESTS SAMPLES_FILE              p50/p99 of each API request shape over REQUESTS requests
 * </pre>
 */
public final class StoreScaleBench {
    static final String MIGRATION = "db/migration/V0014__incident_indexes.sql";
    /** Where the indexes V0014 drops were made, to restore them for the baseline. */
    private static final List<String> EARLIER = List.of("db/migration/V0001__incidents.sql", "db/migration/V0008__oncall.sql");
    private static final String OPEN = "'TRIGGERED', 'ACKNOWLEDGED', 'INVESTIGATING', 'IDENTIFIED', 'MONITORING'";

    private StoreScaleBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(args);
            case "indexes" -> indexes(args);
            case "explain" -> explain(args);
            case "api" -> api(args);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static Database open(String[] args) {
        return Database.open(new StorageConfig(args[1], args[2], new Secret(args[3]), 4));
    }

    // ---- fill ---------------------------------------------------------------------------------

    private static void fill(String[] args) throws Exception {
        int incidents = Integer.parseInt(args[4]);
        long events = Long.parseLong(args[5]);
        Instant now = Instant.now();
        long started = System.nanoTime();
        ScaleData data = new ScaleData(incidents, events, now, 42);
        try (Database database = open(args)) {
            boolean postgres = database.dialect() == Database.Dialect.POSTGRESQL;
            database.jdbi().useHandle(handle -> {
                Connection connection = handle.getConnection();
                setIndexes(connection, false);
                connection.setAutoCommit(false);
                long[] written = postgres ? copy(connection, data) : insert(connection, data);
                sequences(connection, data);
                postmortems(connection, data);
                connection.commit();
                connection.setAutoCommit(true);
                if (postgres) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("VACUUM ANALYZE");   // what autovacuum does to a table loaded long ago
                    }
                }
                System.out.printf("FILLED %s incidents=%d events=%d open=%d seconds=%.1f%n", database.dialect().name().toLowerCase(),
                        written[0], written[1], data.openCount, (System.nanoTime() - started) / 1e9);
            });
        }
        List<String> samples = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < 500; k++) {
            samples.add(data.ids[random.nextInt(incidents)]);
        }
        Files.write(Path.of(args[6]), samples);
    }

    /** PostgreSQL: the incidents, then the events, each as one COPY ... FROM STDIN stream. */
    private static long[] copy(Connection connection, ScaleData data) throws SQLException, IOException {
        var api = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        var in = api.copyIn("COPY incidents (" + ScaleData.INCIDENT_COLUMNS + ") FROM STDIN");
        StringBuilder buffer = new StringBuilder(1 << 20);
        for (int i = 0; i < data.count; i++) {
            Object[] row = data.incidentRow(i);
            for (int c = 0; c < row.length; c++) {
                buffer.append(c == 0 ? "" : "\t").append(copyText(row[c]));
            }
            buffer.append('\n');
            if (buffer.length() > (1 << 20)) {
                flush(in, buffer);
            }
        }
        flush(in, buffer);
        in.endCopy();
        var events = api.copyIn("COPY incident_events (" + ScaleData.EVENT_COLUMNS + ") FROM STDIN");
        long[] count = {0};
        for (int i = 0; i < data.count; i++) {
            data.events(i, (id, seq, at, actor, type, from, to, message) -> {
                buffer.append(id).append('\t').append(seq).append('\t').append(at).append('\t').append(actor).append('\t').append(type)
                        .append('\t').append(copyText(from)).append('\t').append(copyText(to)).append('\t').append(message).append('\n');
                count[0]++;
            });
            if (buffer.length() > (1 << 20)) {
                flush(events, buffer);
            }
        }
        flush(events, buffer);
        events.endCopy();
        return new long[] {data.count, count[0]};
    }

    private static String copyText(Object value) {
        return value == null ? "\\N" : value.toString().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static void flush(org.postgresql.copy.CopyIn in, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** SQLite: multi-row INSERTs of 100 rows, all in the caller's one transaction. */
    private static long[] insert(Connection connection, ScaleData data) throws SQLException {
        int per = 100;
        String incidentRow = "(" + "?, ".repeat(19) + "?)";
        try (PreparedStatement many = connection.prepareStatement("INSERT INTO incidents (" + ScaleData.INCIDENT_COLUMNS + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(per, incidentRow)));
             PreparedStatement one = connection.prepareStatement("INSERT INTO incidents (" + ScaleData.INCIDENT_COLUMNS + ") VALUES " + incidentRow)) {
            int i = 0;
            for (; i + per <= data.count; i += per) {
                for (int r = 0; r < per; r++) {
                    bind(many, r * 20, data.incidentRow(i + r));
                }
                many.executeUpdate();
            }
            for (; i < data.count; i++) {
                bind(one, 0, data.incidentRow(i));
                one.executeUpdate();
            }
        }
        String eventRow = "(?, ?, ?, ?, ?, ?, ?, ?)";
        long[] count = {0};
        try (PreparedStatement many = connection.prepareStatement("INSERT INTO incident_events (" + ScaleData.EVENT_COLUMNS + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(per, eventRow)));
             PreparedStatement one = connection.prepareStatement("INSERT INTO incident_events (" + ScaleData.EVENT_COLUMNS + ") VALUES " + eventRow)) {
            List<Object[]> pending = new ArrayList<>(per);
            for (int i = 0; i < data.count; i++) {
                data.events(i, (id, seq, at, actor, type, from, to, message) -> pending.add(new Object[] {id, seq, at, actor, type, from, to, message}));
                while (pending.size() >= per) {
                    for (int r = 0; r < per; r++) {
                        bind(many, r * 8, pending.get(r));
                    }
                    many.executeUpdate();
                    count[0] += per;
                    pending.subList(0, per).clear();
                }
            }
            for (Object[] row : pending) {
                bind(one, 0, row);
                one.executeUpdate();
                count[0]++;
            }
        }
        return new long[] {data.count, count[0]};
    }

    private static void bind(PreparedStatement statement, int offset, Object[] row) throws SQLException {
        for (int c = 0; c < row.length; c++) {
            statement.setObject(offset + c + 1, row[c]);
        }
    }

    /** The day counters, so the next incident the service opens gets a free number. */
    private static void sequences(Connection connection, ScaleData data) throws SQLException {
        Map<String, Integer> last = new LinkedHashMap<>();
        for (String id : data.ids) {
            last.merge(id.substring(4, 12), Integer.parseInt(id.substring(13)), Math::max);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO incident_sequence (day, last_number) VALUES (?, ?)")) {
            for (var entry : last.entrySet()) {
                insert.setString(1, entry.getKey());
                insert.setInt(2, entry.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A handful of post-mortems with action items, on recent resolved SEV1/SEV2 incidents (the report reads them). */
    private static void postmortems(Connection connection, ScaleData data) throws SQLException {
        try (PreparedStatement postmortem = connection.prepareStatement(
                "INSERT INTO postmortems (incident_id, path, title, state, created, updated, published) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement item = connection.prepareStatement("INSERT INTO action_items (incident_id, number, priority, description, owner, due, "
                     + "status, tracker_url, created, closed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int made = 0;
            for (int i = data.count - 1; i >= 0 && made < 40; i--) {
                if (data.open(i) || data.severity[i] > 1) {
                    continue;
                }
                made++;
                long created = data.resolved[i] + 3_600_000;
                boolean published = made % 3 != 0;
                postmortem.setString(1, data.ids[i]);
                postmortem.setString(2, "docs/post-mortems/" + data.ids[i] + ".md");
                postmortem.setString(3, data.title(i));
                postmortem.setString(4, published ? "PUBLISHED" : "DRAFT");
                postmortem.setLong(5, created);
                postmortem.setLong(6, created + 86_400_000);
                postmortem.setObject(7, published ? created + 86_400_000 : null);
                postmortem.addBatch();
                for (int n = 1; n <= 3; n++) {
                    boolean done = (made + n) % 2 == 0;
                    item.setString(1, data.ids[i]);
                    item.setInt(2, n);
                    item.setString(3, "P" + (n - 1));
                    item.setString(4, "Follow-up " + n + " of " + data.ids[i]);
                    item.setString(5, ScaleData.PEOPLE[(i + n) % ScaleData.PEOPLE.length]);
                    item.setString(6, Instant.ofEpochMilli(created).plus(Duration.ofDays(14)).toString().substring(0, 10));
                    item.setString(7, done ? "DONE" : "OPEN");
                    item.setString(8, "");
                    item.setLong(9, created);
                    item.setObject(10, done ? created + 86_400_000L * 7 : null);
                    item.addBatch();
                }
            }
            postmortem.executeBatch();
            item.executeBatch();
        }
    }

    // ---- indexes ------------------------------------------------------------------------------

    private static void indexes(String[] args) throws Exception {
        boolean current = args[4].equals("current");
        long started = System.nanoTime();
        try (Database database = open(args)) {
            database.jdbi().useHandle(handle -> setIndexes(handle.getConnection(), current));
            if (database.dialect() == Database.Dialect.POSTGRESQL) {
                database.jdbi().useHandle(handle -> handle.execute("ANALYZE incidents"));
            }
        }
        System.out.printf("INDEXES %s seconds=%.1f%n", args[4], (System.nanoTime() - started) / 1e9);
    }

    /** Current: V0014's statements as written. Baseline: its new indexes dropped, the ones it dropped made again. */
    static void setIndexes(Connection connection, boolean current) throws SQLException, IOException {
        String migration = resource(MIGRATION);
        List<String> statements = new ArrayList<>();
        for (String statement : stripComments(migration).split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        try (Statement statement = connection.createStatement()) {
            if (current) {
                for (String sql : statements) {
                    statement.execute(sql.replaceFirst("(?i)^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ")
                            .replaceFirst("(?i)^DROP INDEX ", "DROP INDEX IF EXISTS "));
                }
                return;
            }
            Pattern created = Pattern.compile("(?i)^CREATE INDEX (\\w+)");
            Pattern dropped = Pattern.compile("(?i)^DROP INDEX (\\w+)");
            for (String sql : statements) {
                Matcher made = created.matcher(sql);
                if (made.find()) {
                    statement.execute("DROP INDEX IF EXISTS " + made.group(1));
                }
                Matcher gone = dropped.matcher(sql);
                if (gone.find()) {
                    statement.execute(earlierDefinition(gone.group(1)).replaceFirst("(?i)^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "));
                }
            }
        }
    }

    private static String earlierDefinition(String index) throws IOException {
        for (String file : EARLIER) {
            for (String statement : stripComments(resource(file)).split(";")) {
                if (statement.strip().matches("(?is)^CREATE INDEX " + index + "\\s.*")) {
                    return statement.strip();
                }
            }
        }
        throw new IllegalStateException("no earlier definition of index " + index);
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("--[^\n]*", "");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StoreScaleBench.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- explain ------------------------------------------------------------------------------

    /** The SQL shapes of IncidentStore.page, the report's loading and retention's pick, with literal values. */
    static Map<String, String> shapes(Instant now) {
        long day = 86_400_000L;
        long at = now.toEpochMilli();
        String page = " ORDER BY detected DESC, id DESC LIMIT 51";
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("list_open", "SELECT * FROM incidents WHERE 1 = 1 AND status IN (" + OPEN + ")" + page);
        shapes.put("list_newest", "SELECT * FROM incidents WHERE 1 = 1" + page);
        shapes.put("list_service", "SELECT * FROM incidents WHERE 1 = 1 AND service = 'payments'" + page);
        shapes.put("list_severity", "SELECT * FROM incidents WHERE 1 = 1 AND severity = 'CRITICAL'" + page);
        shapes.put("list_status", "SELECT * FROM incidents WHERE 1 = 1 AND status IN ('CLOSED')" + page);
        shapes.put("list_range", "SELECT * FROM incidents WHERE 1 = 1 AND detected >= " + (at - 400 * day) + " AND detected < " + (at - 393 * day) + page);
        shapes.put("list_combo", "SELECT * FROM incidents WHERE 1 = 1 AND status IN ('RESOLVED') AND severity = 'CRITICAL' AND service = 'payments'" + page);
        shapes.put("list_service_deep", "SELECT * FROM incidents WHERE 1 = 1 AND service = 'payments' AND detected <= " + (at - 700 * day)
                + " AND (detected < " + (at - 700 * day) + " OR id < 'INC-99999999-999')" + page);
        shapes.put("report_30d", "SELECT * FROM incidents WHERE 1 = 1 AND detected >= " + (at - 30 * day) + " ORDER BY detected DESC, id DESC LIMIT 1000000");
        shapes.put("report_30d_timelines_join", "SELECT e.* FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.detected >= "
                + (at - 30 * day) + " AND i.detected <= " + at);
        shapes.put("report_timelines_1000_ids", "SELECT * FROM incident_events WHERE incident_id IN (<IDS>)");
        shapes.put("retention_pick", "SELECT id FROM incidents WHERE status IN ('RESOLVED', 'POSTMORTEM', 'CLOSED') AND detected < "
                + (at - 730 * day) + " AND resolved < " + (at - 730 * day) + " ORDER BY detected, id LIMIT 1000");
        shapes.put("status_page_affecting", "SELECT * FROM (SELECT * FROM incidents WHERE service = 'payments' AND resolved IS NULL UNION ALL "
                + "SELECT * FROM incidents WHERE service = 'payments' AND resolved >= " + (at - 90 * day) + ") AS affecting "
                + "ORDER BY CASE WHEN resolved IS NULL THEN 0 ELSE 1 END, impact_started DESC, id DESC LIMIT 20");
        return shapes;
    }

    private static void explain(String[] args) throws Exception {
        try (Database database = open(args)) {
            boolean postgres = database.dialect() == Database.Dialect.POSTGRESQL;
            database.jdbi().useHandle(handle -> {
                Connection connection = handle.getConnection();
                Instant now = Instant.now();
                List<String> ids = new ArrayList<>();   // the first thousand incidents of the last 30 days, as the report asks for them
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT id FROM incidents WHERE detected >= " + now.minus(Duration.ofDays(30)).toEpochMilli()
                             + " ORDER BY detected LIMIT 1000")) {
                    while (rs.next()) {
                        ids.add("'" + rs.getString(1) + "'");
                    }
                }
                for (var shape : shapes(now).entrySet()) {
                    System.out.println("### " + shape.getKey());
                    System.out.println(shape.getValue().length() > 300 ? shape.getValue().substring(0, 300) + " ..." : shape.getValue());
                    String sql = shape.getValue().replace("<IDS>", ids.isEmpty() ? "''" : String.join(", ", ids));
                    try (Statement statement = connection.createStatement()) {
                        if (postgres) {
                            try (ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) " + sql)) {
                                while (rs.next()) {
                                    System.out.println("  " + rs.getString(1));
                                }
                            }
                        } else {
                            try (ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                                while (rs.next()) {
                                    System.out.println("  " + rs.getString("detail"));
                                }
                            }
                            long started = System.nanoTime();
                            int rows = 0;
                            try (ResultSet rs = statement.executeQuery(sql)) {
                                while (rs.next()) {
                                    rows++;
                                }
                            }
                            System.out.printf("  -- %d rows in %.1f ms%n", rows, (System.nanoTime() - started) / 1e6);
                        }
                    }
                }
            });
        }
    }

    // ---- api ----------------------------------------------------------------------------------

    private static void api(String[] args) throws Exception {
        String base = args[1];
        String token = args[2];
        int requests = Integer.parseInt(args[3]);
        List<String> samples = Files.readAllLines(Path.of(args[4]));
        Instant now = Instant.now();
        String deep = new IncidentFilter.Cursor(now.minus(Duration.ofDays(700)).toEpochMilli(), "INC-99999999-999").encode();
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("api_list_open", "/api/v1/incidents?status=open");
        shapes.put("api_list_newest", "/api/v1/incidents");
        shapes.put("api_list_service", "/api/v1/incidents?service=payments");
        shapes.put("api_list_severity", "/api/v1/incidents?severity=CRITICAL");
        shapes.put("api_list_status", "/api/v1/incidents?status=CLOSED");
        shapes.put("api_list_range", "/api/v1/incidents?since=" + now.minus(Duration.ofDays(400)) + "&until=" + now.minus(Duration.ofDays(393)));
        shapes.put("api_list_combo", "/api/v1/incidents?service=payments&severity=CRITICAL&status=RESOLVED");
        shapes.put("api_list_cursor", "/api/v1/incidents?service=payments&cursor=" + deep);
        shapes.put("api_show", null);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (var shape : shapes.entrySet()) {
            int warm = Math.min(50, requests);
            double[] millis = new double[requests];
            for (int r = -warm; r < requests; r++) {
                String path = shape.getValue() == null ? "/api/v1/incidents/" + samples.get(Math.floorMod(r, samples.size())) : shape.getValue();
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(120)).GET().build();
                long started = System.nanoTime();
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                double took = (System.nanoTime() - started) / 1e6;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
                }
                if (r >= 0) {
                    millis[r] = took;
                }
            }
            Arrays.sort(millis);
            System.out.printf("TIMING %s %.1f %.1f %d%n", shape.getKey(), percentile(millis, 0.50), percentile(millis, 0.99), requests);
        }
    }

    static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
