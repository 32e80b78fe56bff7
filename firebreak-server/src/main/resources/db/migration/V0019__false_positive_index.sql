-- The report's false-positive rate asks which incidents of its two periods are flagged
-- (FalsePositives.flagged(from)). Without an index that was a scan of every incident ever stored
-- (PostgreSQL: 650 ms on a million, bench/README.md); the detection index alone still reads every
-- incident of the periods. A partial index holds only the flagged incidents, so the question reads
-- a few index entries, and costs nothing to incidents that are never flagged (nearly all of them).
-- One SQL subset for SQLite (3.8+) and PostgreSQL; both planners use it for `false_positive = 1`.

CREATE INDEX incidents_false_positive ON incidents (detected, id) WHERE false_positive = 1;
