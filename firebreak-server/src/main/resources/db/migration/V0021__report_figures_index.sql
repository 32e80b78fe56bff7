-- The columns of the KPI report's incidents (IncidentStore.figures), after the detection time its
-- query ranges over, so that SQLite reads a month of a large store (55,000 incidents of two
-- periods) from this index alone instead of looking up each incident's row in the table, whose
-- rows carry labels, runbook and summary: 130 ms of a 30-day report on a million incidents, a
-- second and more of a year's (bench/README.md, "A store of a million incidents"). No "updated":
-- every note and public update changes it, and an index on it would be written each time (on
-- PostgreSQL those updates would no longer be HOT); the report reads it from the row only for
-- the few incidents without a resolution time. On a million incidents it takes a few seconds.
CREATE INDEX incidents_figures ON incidents (detected, id, severity, status, service, impact_started, acknowledged, resolved);
