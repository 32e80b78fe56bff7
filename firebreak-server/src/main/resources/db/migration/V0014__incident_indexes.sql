-- Indexes for a store of years of incidents (bench/store-scale-bench.sh, plans in bench/README.md).
-- Every incident list is newest first (detected DESC, id DESC): each filter gets an index that ends
-- in (detected, id), so a page is read in order from the index and stops after LIMIT rows, instead
-- of sorting every match. The (detected, id) and (status, detected, id) indexes replace the
-- single-column ones of V0001; retention finds old resolved incidents through (status, detected).
-- The status page asks per service for what is open or resolved since a day: (service, resolved).
-- The time log gets an index on its incident: pruning an incident checks its foreign key there.
-- One SQL subset for SQLite and PostgreSQL; plain CREATE INDEX (Flyway runs each migration in a
-- transaction): on a large PostgreSQL store writes to incidents wait while the indexes are built.

CREATE INDEX incidents_by_detected_id ON incidents (detected, id);
DROP INDEX incidents_by_detected;
CREATE INDEX incidents_by_status_detected ON incidents (status, detected, id);
DROP INDEX incidents_by_status;
CREATE INDEX incidents_by_service_detected ON incidents (service, detected, id);
CREATE INDEX incidents_by_severity_detected ON incidents (severity, detected, id);
CREATE INDEX incidents_by_service_resolved ON incidents (service, resolved);
CREATE INDEX incident_time_log_by_incident ON incident_time_log (incident_id);
