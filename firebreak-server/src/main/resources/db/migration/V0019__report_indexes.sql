-- Two partial indexes for the KPI report of a large store (bench/store-scale-bench.sh, plans in
-- bench/README.md, "A store of a million incidents").
-- The false-positive rate asks which incidents of its two periods are flagged
-- (FalsePositives.flagged(from)): without an index a scan of every incident ever stored
-- (PostgreSQL: 650 ms on a million). This one holds only the flagged incidents.
-- Communication compliance reads, per incident of the two periods, only its public updates and
-- status changes (UpdateCadence.EVENTS_READ, IncidentStore.timelineFigures): through the primary
-- key that read every event of each incident (ten per incident) from the table and dropped the
-- other types. This one holds only those types (a quarter of the events) with the columns the
-- figures read, so the report reads the index alone. The query names the same types, in the
-- same order, as literals: both planners use a partial index only when the query implies its WHERE.
-- One SQL subset for SQLite (3.8+) and PostgreSQL; on ten million events it takes about 10 s.

CREATE INDEX incidents_false_positive ON incidents (detected, id) WHERE false_positive = 1;
CREATE INDEX incident_events_cadence ON incident_events (incident_id, seq, occurred_at, type)
    WHERE type IN ('ACKNOWLEDGED', 'PUBLIC_UPDATE', 'REOPENED', 'STATUS_CHANGED');
