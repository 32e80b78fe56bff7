package io.firebreak.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentId;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * Incidents and their timelines. Every change is load → decide (a pure {@link IncidentLifecycle}
 * function) → write, in one transaction with its timeline events. Writers to one incident queue on
 * its row lock; a version check guards against any writer that did not, by deciding again.
 */
public final class IncidentStore {
    private static final int ATTEMPTS = 8;
    /** Incidents per query of {@link #timelines}: well under SQLite's and PostgreSQL's bound-parameter limits. */
    private static final int TIMELINE_BATCH = 1_000;
    /** The title and source of what {@link #figures} returns, which no figure reads (an incident's title may not be blank). */
    public static final String NOT_READ = "(not read)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final boolean postgres;

    /** A store that queues no notifications (tools, tests of the store alone). */
    public IncidentStore(Database database) {
        this(database, Outbox.none());
    }

    /** A store that queues the notifications of every change in the same transaction, as {@code outbox} routes them. */
    public IncidentStore(Database database, Outbox outbox) {
        this.jdbi = database.jdbi();
        this.outbox = outbox;
        this.postgres = database.dialect() == Database.Dialect.POSTGRESQL;
    }

    /** The outcome of {@link #update}: the change was written, refused, or the incident does not exist. */
    public sealed interface Update {
        record Updated(Incident incident, List<IncidentEvent> events) implements Update {}

        record Rejected(String reason) implements Update {}

        record NotFound(String id) implements Update {}
    }

    /** Declares an incident: numbers it for its UTC day and writes it with its OPENED event. */
    public Incident open(NewIncident spec, String actor, Instant now) {
        try {
            return jdbi.inTransaction(handle -> open(handle, spec, null, actor, now));
        } catch (JdbiException e) {
            throw new StoreException("open incident '" + spec.title() + "'", e);
        }
    }

    /** {@link #open} inside the caller's transaction; {@code groupKey} ties detected incidents to their alert group. */
    Incident open(Handle handle, NewIncident spec, String groupKey, String actor, Instant now) {
        String day = IncidentId.dayKey(now);
        int number = handle.createQuery("""
                        INSERT INTO incident_sequence (day, last_number) VALUES (:day, 1)
                        ON CONFLICT (day) DO UPDATE SET last_number = incident_sequence.last_number + 1
                        RETURNING last_number""")
                .bind("day", day)
                .mapTo(Integer.class)
                .one();
        Change.Applied applied = IncidentLifecycle.open(spec, IncidentId.of(now, number), actor, now);
        Incident incident = applied.incident();
        handle.createUpdate(INSERT)
                .bind("day", day)
                .bind("number", number)
                .bind("groupKey", groupKey)
                .bindMap(columns(incident))
                .execute();
        appendEvents(handle, incident, applied.events(), 0);
        return incident;
    }

    /** A new incident's row, bound with {@link #columns}, {@code day}, {@code number} and {@code groupKey}. */
    static final String INSERT = """
            INSERT INTO incidents (id, day, number, title, severity, status, service, source, labels,
                runbook, public_summary, commander, responders, impact_started, detected,
                acknowledged, resolved, updated, version, group_key)
            VALUES (:id, :day, :number, :title, :severity, :status, :service, :source, :labels,
                :runbook, :publicSummary, :commander, :responders, :impactStarted, :detected,
                :acknowledged, :resolved, :updated, 1, :groupKey)""";

    /** A changed incident's row, bound with {@link #columns} and the {@code version} it was read at; 0 rows when that is stale. */
    static final String UPDATE = """
            UPDATE incidents SET title = :title, severity = :severity, status = :status, service = :service,
                source = :source, labels = :labels, runbook = :runbook, public_summary = :publicSummary,
                commander = :commander, responders = :responders, impact_started = :impactStarted,
                detected = :detected, acknowledged = :acknowledged, resolved = :resolved,
                updated = :updated, version = version + 1
            WHERE id = :id AND version = :version""";

    /** The most recent incident of an alert group, open or not. */
    static Optional<Incident> latestOfGroup(Handle handle, String groupKey) {
        return handle.createQuery("SELECT * FROM incidents WHERE group_key = :key ORDER BY detected DESC, id DESC LIMIT 1")
                .bind("key", groupKey)
                .map((rs, ctx) -> incident(rs))
                .findOne();
    }

    static Optional<Incident> find(Handle handle, String id) {
        return load(handle, id).map(Versioned::incident);
    }

    public Optional<Incident> find(String id) {
        try {
            return jdbi.withHandle(handle -> load(handle, id).map(Versioned::incident));
        } catch (JdbiException e) {
            throw new StoreException("load incident " + id, e);
        }
    }

    /** Incidents matching {@code query}, newest first. */
    public List<Incident> list(IncidentQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM incidents WHERE 1 = 1");
        query.status().ifPresent(s -> sql.append(" AND status = :status"));
        query.severity().ifPresent(s -> sql.append(" AND severity = :severity"));
        query.since().ifPresent(s -> sql.append(" AND detected >= :since"));
        if (query.openOnly()) {
            sql.append(" AND status IN (<open>)");
        }
        sql.append(" ORDER BY detected DESC, id DESC LIMIT :limit");
        try {
            return jdbi.withHandle(handle -> {
                Query select = handle.createQuery(sql.toString()).bind("limit", query.limit());
                query.status().ifPresent(s -> select.bind("status", s.name()));
                query.severity().ifPresent(s -> select.bind("severity", s.name()));
                query.since().ifPresent(s -> select.bind("since", s.toEpochMilli()));
                if (query.openOnly()) {
                    select.bindList("open", java.util.Arrays.stream(IncidentStatus.values())
                            .filter(IncidentStatus::isOpen).map(Enum::name).toList());
                }
                return select.map((rs, ctx) -> incident(rs)).list();
            });
        } catch (JdbiException e) {
            throw new StoreException("list incidents", e);
        }
    }

    /**
     * The incidents a report's figures read, as figures need them: every field but the title,
     * source, commander, labels, responders, runbook and public summary, which come back empty (no
     * JSON to parse, no text to copy; on a year of a large store that was most of the report's time
     * and memory, and on SQLite every text column of every row is a call into the native library).
     * On SQLite the last update of a resolved incident is its resolution (the only figure that reads
     * it, uptime, reads it only when there is none). Never show or change what this returns:
     * {@link #find} has the whole incident.
     *
     * <p>Every incident detected at or after {@code from}; and, detected in {@code [olderFrom, from)},
     * those whose severity is one of {@code olderSeverities} that were not yet resolved at
     * {@code unresolvedAt} (unresolved, or resolved after it): the older outages still going on when a
     * period began. No particular order.
     */
    public List<Incident> figures(Instant from, Instant olderFrom, java.util.Set<Severity> olderSeverities, Instant unresolvedAt) {
        // SQLite answers from V0021's index alone (a month of a large store: 55,000 rows, 130 ms less than reading each
        // row of the table), which has no "updated" (that would make every note an index write): it is read from the row
        // only when no resolution time stands in for it. PostgreSQL reads the rows (a bitmap scan, 40 ms): the subquery
        // there is costed high enough to be compiled by its JIT first (200 ms).
        String updated = postgres ? "updated"
                : "CASE WHEN resolved IS NULL THEN (SELECT row.updated FROM incidents row WHERE row.id = incidents.id) ELSE resolved END";
        String columns = "SELECT id, severity, status, service, impact_started, detected, acknowledged, resolved, " + updated + " FROM incidents";
        Map<String, String> names = new java.util.HashMap<>();   // one String per service, not one per row
        try {
            return jdbi.withHandle(handle -> {
                List<Incident> out = new ArrayList<>(handle.createQuery(columns + " WHERE detected >= :from")
                        .bind("from", from.toEpochMilli())
                        .map((rs, ctx) -> figure(rs, names)).list());
                if (!olderSeverities.isEmpty() && olderFrom.isBefore(from)) {
                    handle.createQuery(columns + " WHERE severity IN (<severities>) AND detected >= :olderFrom AND detected < :from"
                                    + " AND (resolved IS NULL OR resolved > :unresolvedAt)")
                            .bindList("severities", olderSeverities.stream().map(Enum::name).sorted().toList())
                            .bind("olderFrom", olderFrom.toEpochMilli()).bind("from", from.toEpochMilli())
                            .bind("unresolvedAt", unresolvedAt.toEpochMilli())
                            .map((rs, ctx) -> figure(rs, names)).forEach(out::add);
                }
                return out;
            });
        } catch (JdbiException e) {
            throw new StoreException("list incidents for a report", e);
        }
    }

    private static Incident figure(ResultSet rs, Map<String, String> names) throws SQLException {
        return new Incident(
                rs.getString(1),
                NOT_READ,
                Severity.valueOf(rs.getString(2)),
                IncidentStatus.valueOf(rs.getString(3)),
                names.computeIfAbsent(rs.getString(4), Function.identity()),
                NOT_READ,
                Map.of(), "", "",
                "",
                List.of(),
                instant(rs, 5),
                instant(rs, 6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    /** One page of incidents matching {@code filter}, newest first; at most {@code filter.limit()}. */
    public List<Incident> page(IncidentFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM incidents WHERE 1 = 1");
        // Statuses are alternatives: "open,RESOLVED" is every open incident and every resolved one.
        if (!filter.statuses().isEmpty() && filter.openOnly()) {
            sql.append(" AND (status IN (<statuses>) OR status IN (<open>))");
        } else if (!filter.statuses().isEmpty()) {
            sql.append(" AND status IN (<statuses>)");
        } else if (filter.openOnly()) {
            sql.append(" AND status IN (<open>)");
        }
        filter.severity().ifPresent(s -> sql.append(" AND severity = :severity"));
        filter.service().ifPresent(s -> sql.append(" AND service = :service"));
        filter.since().ifPresent(s -> sql.append(" AND detected >= :since"));
        filter.until().ifPresent(s -> sql.append(" AND detected < :until"));
        // "detected <= d" first: a bound both planners take into the (..., detected, id) index range; the OR alone is only a filter.
        filter.after().ifPresent(c -> sql.append(" AND detected <= :afterDetected AND (detected < :afterDetected OR id < :afterId)"));
        sql.append(" ORDER BY detected DESC, id DESC LIMIT :limit");
        try {
            return jdbi.withHandle(handle -> {
                Query select = handle.createQuery(sql.toString()).bind("limit", filter.limit());
                if (!filter.statuses().isEmpty()) {
                    select.bindList("statuses", filter.statuses().stream().map(Enum::name).sorted().toList());
                }
                if (filter.openOnly()) {
                    select.bindList("open", java.util.Arrays.stream(IncidentStatus.values())
                            .filter(IncidentStatus::isOpen).map(Enum::name).toList());
                }
                filter.severity().ifPresent(s -> select.bind("severity", s.name()));
                filter.service().ifPresent(s -> select.bind("service", s));
                filter.since().ifPresent(s -> select.bind("since", s.toEpochMilli()));
                filter.until().ifPresent(s -> select.bind("until", s.toEpochMilli()));
                filter.after().ifPresent(c -> select.bind("afterDetected", c.detectedMillis()).bind("afterId", c.id()));
                return select.map((rs, ctx) -> incident(rs)).list();
            });
        } catch (JdbiException e) {
            throw new StoreException("list incidents", e);
        }
    }

    /** Open incidents per severity (for /metrics). */
    public Map<Severity, Integer> openBySeverity() {
        try {
            Map<Severity, Integer> counts = new java.util.EnumMap<>(Severity.class);
            for (Severity severity : Severity.values()) {
                counts.put(severity, 0);
            }
            jdbi.useHandle(handle -> handle.createQuery("SELECT severity, COUNT(*) FROM incidents WHERE status IN (<open>) GROUP BY severity")
                    .bindList("open", java.util.Arrays.stream(IncidentStatus.values()).filter(IncidentStatus::isOpen).map(Enum::name).toList())
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .forEach(e -> Severity.parse(e.getKey()).ifPresent(s -> counts.put(s, e.getValue()))));
            return counts;
        } catch (JdbiException e) {
            throw new StoreException("count open incidents", e);
        }
    }

    /** How many incidents the store holds. */
    public int count() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM incidents").mapTo(Integer.class).one());
        } catch (JdbiException e) {
            throw new StoreException("count incidents", e);
        }
    }

    /**
     * The incidents of {@code service} whose impact reaches {@code from} or later: still open, or
     * resolved at or after it, whenever they were detected (an outage opened long ago and still
     * running matters to a status page). Open ones first, then the most recent impact, so that a
     * limit never drops what is happening now; at most {@code limit}. Two branches, so each reads
     * only its own range of the (service, resolved) index (V0014): the public status page asks this
     * per service, and a store of years must not make it read every incident a service ever had.
     */
    public List<Incident> affecting(String service, Instant from, int limit) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT * FROM (
                                SELECT * FROM incidents WHERE service = :service AND resolved IS NULL
                                UNION ALL
                                SELECT * FROM incidents WHERE service = :service AND resolved >= :from) AS affecting
                            ORDER BY CASE WHEN resolved IS NULL THEN 0 ELSE 1 END, impact_started DESC, id DESC
                            LIMIT :limit""")
                    .bind("service", service)
                    .bind("from", from.toEpochMilli())
                    .bind("limit", limit)
                    .map((rs, ctx) -> incident(rs))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list incidents affecting " + service, e);
        }
    }

    /** The incident's timeline, oldest first. */
    public List<IncidentEvent> timeline(String id) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT * FROM incident_events WHERE incident_id = :id ORDER BY seq""")
                    .bind("id", id)
                    .map((rs, ctx) -> event(rs))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("load timeline of " + id, e);
        }
    }

    /**
     * The timelines of {@code ids}, by incident id, each oldest first: a query per thousand
     * incidents where the report would otherwise ask once per incident (tens of thousands in a month
     * of a busy store). Each query reads its incidents' ranges of the events' primary key; a join
     * on the incidents' detection time instead lets PostgreSQL prefer a scan of every event (2 s on
     * ten million, bench/README.md). Incidents without events are absent.
     */
    public Map<String, List<IncidentEvent>> timelines(java.util.Collection<String> ids) {
        return timelines(ids, java.util.EnumSet.allOf(EventType.class));
    }

    /** {@link #timelines(java.util.Collection)} with only the events of {@code types}: a report reads a few kinds of many. */
    public Map<String, List<IncidentEvent>> timelines(java.util.Collection<String> ids, java.util.Set<EventType> types) {
        boolean all = types.containsAll(java.util.EnumSet.allOf(EventType.class));
        List<String> typeNames = types.stream().map(EventType::name).sorted().toList();
        return timelines(ids, "*", all ? "" : " AND type IN (<types>)", (rs, names) -> event(rs, names), query -> {
            if (!all) {
                query.bindList("types", typeNames);
            }
        });
    }

    /**
     * {@link #timelines(java.util.Collection, java.util.Set)} as figures need them: each event's
     * incident, place, time and type; its actor and message empty and no status move, which no
     * figure reads. The types are written into the statement, not bound, so that a partial index
     * made for exactly those types (V0019's {@code incident_events_cadence}, for the report's
     * {@code UpdateCadence.EVENTS_READ}) answers from the index alone; other types read the table.
     * One prepared statement of a thousand ids is run once per thousand incidents through JDBC
     * itself: a year of a large store is 700 of them, and Jdbi's binding of a thousand named
     * arguments each time cost more than SQLite's reading. Each incident's events come back as one
     * row, {@code seq,time,type;...} (the type as its place in {@code types}): a report of 30 days
     * reads 131,000 events of 55,000 incidents, and on SQLite every column of every row is a call
     * into the native library that cost more than reading the index. Never show what this returns.
     */
    public Map<String, List<IncidentEvent>> timelineFigures(java.util.Collection<String> ids, java.util.Set<EventType> types) {
        Map<String, List<IncidentEvent>> timelines = new java.util.HashMap<>();
        if (types.isEmpty()) {
            return timelines;
        }
        // enum constants only, sorted as the index's definition lists them: no text from outside reaches the SQL
        List<EventType> typeOrder = types.stream().sorted(java.util.Comparator.comparing(EventType::name)).toList();
        String typeList = typeOrder.stream().map(type -> "'" + type.name() + "'").collect(java.util.stream.Collectors.joining(", "));
        StringBuilder code = new StringBuilder("CASE type");
        for (int i = 0; i < typeOrder.size(); i++) {
            code.append(" WHEN '").append(typeOrder.get(i).name()).append("' THEN ").append(i);
        }
        code.append(" END");
        String event = "seq || ',' || occurred_at || ',' || " + code;
        String events = postgres ? "string_agg(" + event + ", ';')" : "group_concat(" + event + ", ';')";
        List<String> wanted = List.copyOf(new java.util.LinkedHashSet<>(ids));
        try {
            jdbi.useHandle(handle -> {
                java.sql.PreparedStatement full = null;
                try {
                    for (int from = 0; from < wanted.size(); from += TIMELINE_BATCH) {
                        List<String> batch = wanted.subList(from, Math.min(wanted.size(), from + TIMELINE_BATCH));
                        String sql = "SELECT incident_id, " + events + " FROM incident_events WHERE incident_id IN ("
                                + String.join(", ", java.util.Collections.nCopies(batch.size(), "?")) + ") AND type IN (" + typeList + ")"
                                + " GROUP BY incident_id";
                        boolean whole = batch.size() == TIMELINE_BATCH;
                        if (whole && full == null) {
                            full = handle.getConnection().prepareStatement(sql);
                        }
                        java.sql.PreparedStatement statement = whole ? full : handle.getConnection().prepareStatement(sql);
                        try {
                            for (int i = 0; i < batch.size(); i++) {
                                statement.setString(i + 1, batch.get(i));
                            }
                            try (ResultSet rs = statement.executeQuery()) {
                                while (rs.next()) {
                                    String incidentId = rs.getString(1);
                                    timelines.put(incidentId, eventFigures(incidentId, rs.getString(2), typeOrder));
                                }
                            }
                        } finally {
                            if (!whole) {
                                statement.close();
                            }
                        }
                    }
                } finally {
                    if (full != null) {
                        full.close();
                    }
                }
            });
        } catch (JdbiException | SQLException e) {
            throw new StoreException("load the timelines of " + wanted.size() + " incidents", e);
        }
        return timelines;
    }

    /** One incident's events from {@code seq,time,type;...} (type: its place in {@code types}), in sequence order. */
    private static List<IncidentEvent> eventFigures(String incidentId, String joined, List<EventType> types) {
        List<IncidentEvent> events = new ArrayList<>();
        int at = 0;
        int length = joined.length();
        while (at < length) {
            int end = joined.indexOf(',', at);
            int sequence = Integer.parseInt(joined, at, end, 10);
            at = end + 1;
            end = joined.indexOf(',', at);
            long occurred = Long.parseLong(joined, at, end, 10);
            at = end + 1;
            end = joined.indexOf(';', at);
            if (end < 0) {
                end = length;
            }
            int type = Integer.parseInt(joined, at, end, 10);
            at = end + 1;
            events.add(new IncidentEvent(incidentId, sequence, Instant.ofEpochMilli(occurred), "", types.get(type), null, null, ""));
        }
        events.sort(BY_SEQUENCE);
        return events;
    }

    private static final java.util.Comparator<IncidentEvent> BY_SEQUENCE = java.util.Comparator.comparingInt(IncidentEvent::sequence);

    /** Reads one event from a row; {@code names} keeps one instance of each repeated string. */
    private interface EventReader {
        IncidentEvent read(ResultSet rs, Map<String, String> names) throws SQLException;
    }

    private Map<String, List<IncidentEvent>> timelines(java.util.Collection<String> ids, String columns, String condition, EventReader reader,
                                                       java.util.function.Consumer<Query> binding) {
        List<String> wanted = List.copyOf(new java.util.LinkedHashSet<>(ids));
        Map<String, List<IncidentEvent>> timelines = new java.util.HashMap<>();
        Map<String, String> names = new java.util.HashMap<>();   // one String per incident id and actor, not one per row
        try {
            jdbi.useHandle(handle -> {
                for (int from = 0; from < wanted.size(); from += TIMELINE_BATCH) {
                    var query = handle.createQuery("SELECT " + columns + " FROM incident_events WHERE incident_id IN (<ids>)" + condition)
                            .bindList("ids", wanted.subList(from, Math.min(wanted.size(), from + TIMELINE_BATCH)));
                    binding.accept(query);
                    query.map((rs, ctx) -> reader.read(rs, names))
                            .forEach(event -> timelines.computeIfAbsent(event.incidentId(), id -> new ArrayList<>()).add(event));
                }
            });
        } catch (JdbiException e) {
            throw new StoreException("load the timelines of " + wanted.size() + " incidents", e);
        }
        timelines.values().forEach(events -> events.sort(java.util.Comparator.comparingInt(IncidentEvent::sequence)));
        return timelines;
    }

    /**
     * Applies {@code decision} to the current incident and writes the result with its events in one
     * transaction. If another writer changed the incident meanwhile, reloads and decides again.
     */
    public Update update(String id, Function<Incident, Change> decision) {
        return update(id, decision, false);
    }

    /**
     * {@link #update(String, Function)}; when {@code falsePositive}, the incident is also flagged as
     * a false positive (the report's rate counts it) in the same transaction, so that a resolve and
     * its flag are written together or not at all.
     */
    public Update update(String id, Function<Incident, Change> decision, boolean falsePositive) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Update> outcome;
            try {
                outcome = jdbi.inTransaction(handle -> {
                    Optional<Update> tried = tryUpdate(handle, id, decision);
                    if (tried.isEmpty() || !(tried.get() instanceof Update.Updated)) {
                        handle.rollback();   // nothing of a refused or lost attempt stays
                    } else if (falsePositive) {
                        FalsePositives.mark(handle, id, true);
                    }
                    return tried;
                });
            } catch (JdbiException e) {
                throw new StoreException("update incident " + id, e);
            }
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        throw new IllegalStateException("incident " + id + " kept changing under " + ATTEMPTS + " attempts to update it");
    }

    /** One attempt at {@link #update} inside the caller's transaction; empty if a concurrent writer won. */
    Optional<Update> tryUpdate(Handle handle, String id, Function<Incident, Change> decision) {
        // A no-op write takes the row lock first (PostgreSQL; SQLite's IMMEDIATE transaction already
        // holds the database lock), so concurrent writers queue here instead of racing to the version check.
        handle.createUpdate("UPDATE incidents SET version = version WHERE id = :id").bind("id", id).execute();
        Optional<Versioned> current = load(handle, id);
        if (current.isEmpty()) {
            return Optional.of(new Update.NotFound(id));
        }
        Change change = decision.apply(current.get().incident());
        if (change instanceof Change.Rejected rejected) {
            return Optional.of(new Update.Rejected(rejected.reason()));
        }
        Change.Applied applied = (Change.Applied) change;
        int written = handle.createUpdate(UPDATE)
                .bindMap(columns(applied.incident()))
                .bind("version", current.get().version())
                .execute();
        if (written == 0) {
            return Optional.empty();
        }
        int last = handle.createQuery("SELECT COALESCE(MAX(seq), 0) FROM incident_events WHERE incident_id = :id")
                .bind("id", id)
                .mapTo(Integer.class)
                .one();
        List<IncidentEvent> events = appendEvents(handle, applied.incident(), applied.events(), last);
        return Optional.of(new Update.Updated(applied.incident(), events));
    }

    private List<IncidentEvent> appendEvents(Handle handle, Incident incident, List<IncidentEvent.Draft> drafts, int last) {
        String id = incident.id();
        List<IncidentEvent> events = new ArrayList<>();
        int seq = last;
        for (IncidentEvent.Draft draft : drafts) {
            IncidentEvent event = draft.numbered(id, ++seq);
            handle.createUpdate("""
                            INSERT INTO incident_events (incident_id, seq, occurred_at, actor, type, from_status, to_status, message)
                            VALUES (:incidentId, :seq, :at, :actor, :type, :from, :to, :message)""")
                    .bind("incidentId", id)
                    .bind("seq", event.sequence())
                    .bind("at", event.at().toEpochMilli())
                    .bind("actor", event.actor())
                    .bind("type", event.type().name())
                    .bind("from", event.from() == null ? null : event.from().name())
                    .bind("to", event.to() == null ? null : event.to().name())
                    .bind("message", event.message())
                    .execute();
            events.add(event);
        }
        outbox.enqueue(handle, incident, events);
        return events;
    }

    /** The outbox this store queues notifications in (escalation queues its pages there too). */
    Outbox outbox() {
        return outbox;
    }

    /** A timeline event by incident and sequence number: what an outbox row was caused by. */
    public record EventRef(String incidentId, int sequence) {}

    /** An incident as it is now, and one event of its timeline. */
    public record Cause(Incident incident, IncidentEvent event) {}

    /**
     * For delivery: the incidents and the events that caused a claim's notifications, in two reads
     * on one connection however many rows were claimed (a page waits for these reads). A reference
     * whose incident or event is gone has no entry.
     */
    public Map<EventRef, Cause> causes(java.util.Collection<EventRef> refs) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        List<String> ids = refs.stream().map(EventRef::incidentId).distinct().toList();
        List<Integer> sequences = refs.stream().map(EventRef::sequence).distinct().toList();
        java.util.Set<EventRef> wanted = java.util.Set.copyOf(refs);
        try {
            return jdbi.withHandle(handle -> {
                Map<String, Incident> found = new java.util.HashMap<>();
                handle.createQuery("SELECT * FROM incidents WHERE id IN (<ids>)").bindList("ids", ids)
                        .map((rs, ctx) -> incident(rs)).forEach(incident -> found.put(incident.id(), incident));
                Map<EventRef, Cause> causes = new java.util.HashMap<>();
                // Every wanted event, and perhaps a few more of the same incidents (filtered out here): one query.
                handle.createQuery("SELECT * FROM incident_events WHERE incident_id IN (<ids>) AND seq IN (<seqs>)")
                        .bindList("ids", ids).bindList("seqs", sequences)
                        .map((rs, ctx) -> Map.entry(new EventRef(rs.getString("incident_id"), rs.getInt("seq")), event(rs)))
                        .forEach(entry -> {
                            Incident incident = found.get(entry.getKey().incidentId());
                            if (incident != null && wanted.contains(entry.getKey())) {
                                causes.put(entry.getKey(), new Cause(incident, entry.getValue()));
                            }
                        });
                return causes;
            });
        } catch (JdbiException e) {
            throw new StoreException("load the incidents of " + refs.size() + " notification(s)", e);
        }
    }

    /** One timeline event, for the delivery of the notification it caused. */
    public Optional<IncidentEvent> event(String incidentId, int sequence) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM incident_events WHERE incident_id = :id AND seq = :seq")
                    .bind("id", incidentId).bind("seq", sequence).map((rs, ctx) -> event(rs)).findOne());
        } catch (JdbiException e) {
            throw new StoreException("load event " + sequence + " of " + incidentId, e);
        }
    }

    record Versioned(Incident incident, int version) {}

    private static Optional<Versioned> load(Handle handle, String id) {
        return handle.createQuery("SELECT * FROM incidents WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Versioned(incident(rs), rs.getInt("version")))
                .findOne();
    }

    static Map<String, Object> columns(Incident incident) {
        Map<String, Object> columns = new java.util.HashMap<>();
        columns.put("id", incident.id());
        columns.put("title", incident.title());
        columns.put("severity", incident.severity().name());
        columns.put("status", incident.status().name());
        columns.put("service", incident.service());
        columns.put("source", incident.source());
        columns.put("labels", JsonText.object(incident.labels()));
        columns.put("runbook", incident.runbook());
        columns.put("publicSummary", incident.publicSummary());
        columns.put("commander", incident.commander());
        columns.put("responders", JsonText.array(incident.responders()));
        columns.put("impactStarted", incident.impactStarted().toEpochMilli());
        columns.put("detected", incident.detected().toEpochMilli());
        columns.put("acknowledged", millis(incident.acknowledged()));
        columns.put("resolved", millis(incident.resolved()));
        columns.put("updated", incident.updated().toEpochMilli());
        return columns;
    }

    /** Epoch milliseconds of a timestamp the incident may not have (yet): null then. */
    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Incident incident(ResultSet rs) throws SQLException {
        try {
            return new Incident(
                    rs.getString("id"),
                    rs.getString("title"),
                    Severity.valueOf(rs.getString("severity")),
                    IncidentStatus.valueOf(rs.getString("status")),
                    rs.getString("service"),
                    rs.getString("source"),
                    JSON.readValue(rs.getString("labels"), LABELS),
                    rs.getString("runbook"),
                    rs.getString("public_summary"),
                    rs.getString("commander"),
                    JSON.readValue(rs.getString("responders"), NAMES),
                    instant(rs, "impact_started"),
                    instant(rs, "detected"),
                    instant(rs, "acknowledged"),
                    instant(rs, "resolved"),
                    instant(rs, "updated"));
        } catch (JsonProcessingException e) {
            throw new SQLException("incident " + rs.getString("id") + " has unreadable labels or responders", e);
        }
    }

    private static IncidentEvent event(ResultSet rs) throws SQLException {
        return event(rs, null);
    }

    /** {@code names}, when given, keeps one instance of each incident id and actor across many rows. */
    private static IncidentEvent event(ResultSet rs, Map<String, String> names) throws SQLException {
        String from = rs.getString("from_status");
        String to = rs.getString("to_status");
        String incidentId = rs.getString("incident_id");
        String actor = rs.getString("actor");
        if (names != null) {
            incidentId = names.computeIfAbsent(incidentId, Function.identity());
            actor = names.computeIfAbsent(actor, Function.identity());
        }
        return new IncidentEvent(
                incidentId,
                rs.getInt("seq"),
                instant(rs, "occurred_at"),
                actor,
                EventType.valueOf(rs.getString("type")),
                from == null ? null : IncidentStatus.valueOf(from),
                to == null ? null : IncidentStatus.valueOf(to),
                rs.getString("message"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
