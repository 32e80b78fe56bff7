-- A rule's alerts as one row instead of one row per alert: an alert storm (1,000 rules x 100
-- series firing or resolving in one cycle) then writes 1,000 rows, not 100,000, in the cycle's one
-- transaction. rule_alerts holds each rule's alert set as a JSON array, one element per alert:
-- [labels object, state, active_since, fired_at or null, keep_firing_since or null, value as text,
--  incident id or null] (the fingerprint follows from the labels). rule_incidents says which
-- incidents a rule's alerts belong to, for retention (an incident some alert still points at is
-- kept) without reading the alert sets.

CREATE TABLE rule_alerts (
    rule    TEXT PRIMARY KEY,
    alerts  TEXT NOT NULL
);

CREATE TABLE rule_incidents (
    rule         TEXT NOT NULL,
    incident_id  TEXT NOT NULL,
    PRIMARY KEY (rule, incident_id)
);
CREATE INDEX rule_incidents_by_incident ON rule_incidents (incident_id);

-- Both dialects have string_agg (SQLite since 3.44), COALESCE and ||. Labels are JSON already;
-- incident ids (INC-...) and states need no escaping.
INSERT INTO rule_alerts (rule, alerts)
SELECT rule, '[' || string_agg('[' || labels || ',"' || state || '",' || CAST(active_since AS TEXT) || ','
        || COALESCE(CAST(fired_at AS TEXT), 'null') || ',' || COALESCE(CAST(keep_firing_since AS TEXT), 'null')
        || ',"' || value || '",' || COALESCE('"' || incident_id || '"', 'null') || ']', ',') || ']'
FROM rule_instances
GROUP BY rule;

INSERT INTO rule_incidents (rule, incident_id)
SELECT DISTINCT rule, incident_id FROM rule_instances WHERE incident_id IS NOT NULL;

DROP TABLE rule_instances;
