-- A rule's alerts as one row instead of one row per alert: an alert storm (1,000 rules x 100
-- series firing or resolving in one cycle) then writes 1,000 rows, not 100,000, in the cycle's one
-- transaction. rule_alerts holds each rule's alert set as a JSON array, one element per alert:
-- [labels object, state, active_since, fired_at or null, keep_firing_since or null, value as text]
-- (the fingerprint follows from the labels). rule_incident_links holds which alerts of a rule
-- belong to which incident (each fingerprint as its length in characters, ':', and itself: no
-- escaping, and any character survives), read when alerts resolve,
-- and by retention (an incident some alert still points at is kept).

CREATE TABLE rule_alerts (
    rule    TEXT PRIMARY KEY,
    alerts  TEXT NOT NULL
);

CREATE TABLE rule_incident_links (
    rule          TEXT NOT NULL,
    incident_id   TEXT NOT NULL,
    fingerprints  TEXT NOT NULL,
    PRIMARY KEY (rule, incident_id)
);
CREATE INDEX rule_incident_links_by_incident ON rule_incident_links (incident_id);

-- Both dialects have string_agg (SQLite since 3.44), replace and ||.
INSERT INTO rule_alerts (rule, alerts)
SELECT rule, '[' || string_agg('[' || labels || ',"' || state || '",' || CAST(active_since AS TEXT) || ','
        || COALESCE(CAST(fired_at AS TEXT), 'null') || ',' || COALESCE(CAST(keep_firing_since AS TEXT), 'null')
        || ',"' || value || '"]', ',') || ']'
FROM rule_instances
GROUP BY rule;

INSERT INTO rule_incident_links (rule, incident_id, fingerprints)
SELECT rule, incident_id, string_agg(CAST(length(fingerprint) AS TEXT) || ':' || fingerprint, '')
FROM rule_instances
WHERE incident_id IS NOT NULL
GROUP BY rule, incident_id;

DROP TABLE rule_instances;
