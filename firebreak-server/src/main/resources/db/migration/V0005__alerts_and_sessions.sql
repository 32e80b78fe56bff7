-- Alerts received from outside (Alertmanager's webhook, its v2 push API, the generic API): one row
-- per source and label set, so a repeat is an update, never a second alert. group_key ties them to
-- the incident they opened or joined, the same way rule alerts are tied.
CREATE TABLE alerts (
    id             TEXT    PRIMARY KEY,   -- source:fingerprint
    source         TEXT    NOT NULL,      -- alertmanager | push | api
    fingerprint    TEXT    NOT NULL,      -- 16 hex digits over the label set
    labels         TEXT    NOT NULL,      -- JSON object
    annotations    TEXT    NOT NULL,      -- JSON object
    state          TEXT    NOT NULL,      -- firing | resolved
    starts_at      BIGINT  NOT NULL,
    ends_at        BIGINT,                -- when a firing alert expires unless refreshed (push), or when it resolved
    generator_url  TEXT    NOT NULL,
    group_key      TEXT    NOT NULL,
    identity       TEXT,                  -- the generic API's dedup_key, else null (the labels identify the alert)
    incident_id    TEXT,
    received       BIGINT  NOT NULL,      -- first received
    updated        BIGINT  NOT NULL
);
CREATE INDEX alerts_by_incident ON alerts (incident_id, state);
CREATE INDEX alerts_by_state_end ON alerts (state, ends_at);

-- Web UI sessions: the cookie holds a random id; only its SHA-256 is stored.
CREATE TABLE ui_sessions (
    id_hash     TEXT    PRIMARY KEY,
    token_name  TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    csrf        TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    expires     BIGINT  NOT NULL
);
