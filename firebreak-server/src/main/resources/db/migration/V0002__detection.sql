-- Detection: which group an incident belongs to, the alert instances of each rule (so a restart
-- loses neither pending timers nor firing alerts), rule health, and small engine counters.

ALTER TABLE incidents ADD COLUMN group_key TEXT;
CREATE INDEX incidents_by_group ON incidents (group_key, detected);

CREATE TABLE rule_instances (
    rule               TEXT    NOT NULL,
    fingerprint        TEXT    NOT NULL,
    labels             TEXT    NOT NULL,   -- JSON object
    state              TEXT    NOT NULL,   -- PENDING | FIRING
    active_since       BIGINT  NOT NULL,
    fired_at           BIGINT,
    keep_firing_since  BIGINT,
    value              TEXT    NOT NULL,   -- Java double as text: NaN and infinities survive SQLite
    incident_id        TEXT,
    PRIMARY KEY (rule, fingerprint)
);
CREATE INDEX rule_instances_by_incident ON rule_instances (incident_id);

CREATE TABLE rule_health (
    rule             TEXT    PRIMARY KEY,
    last_evaluation  BIGINT  NOT NULL,
    duration_ms      BIGINT  NOT NULL,
    health           TEXT    NOT NULL,   -- ok | error
    last_error       TEXT    NOT NULL,
    pending          INTEGER NOT NULL,
    firing           INTEGER NOT NULL
);

CREATE TABLE engine_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
