-- Incidents and their timelines. One SQL subset for SQLite and PostgreSQL: timestamps are BIGINT
-- epoch milliseconds, JSON is TEXT parsed in Java, no identity columns, no intervals.

CREATE TABLE incident_sequence (
    day          TEXT    PRIMARY KEY,   -- UTC day, YYYYMMDD
    last_number  INTEGER NOT NULL
);

CREATE TABLE incidents (
    id              TEXT    PRIMARY KEY,   -- INC-YYYYMMDD-NNN
    day             TEXT    NOT NULL,
    number          INTEGER NOT NULL,
    title           TEXT    NOT NULL,
    severity        TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    service         TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    labels          TEXT    NOT NULL,   -- JSON object
    runbook         TEXT    NOT NULL,
    public_summary  TEXT    NOT NULL,
    commander       TEXT    NOT NULL,
    responders      TEXT    NOT NULL,   -- JSON array
    impact_started  BIGINT  NOT NULL,
    detected        BIGINT  NOT NULL,
    acknowledged    BIGINT,
    resolved        BIGINT,
    updated         BIGINT  NOT NULL,
    version         INTEGER NOT NULL,   -- optimistic lock: every change bumps it
    UNIQUE (day, number)
);

CREATE INDEX incidents_by_status ON incidents (status);
CREATE INDEX incidents_by_detected ON incidents (detected);

CREATE TABLE incident_events (
    incident_id  TEXT    NOT NULL REFERENCES incidents (id),
    seq          INTEGER NOT NULL,
    occurred_at  BIGINT  NOT NULL,
    actor        TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    from_status  TEXT,
    to_status    TEXT,
    message      TEXT    NOT NULL,
    PRIMARY KEY (incident_id, seq)
);
