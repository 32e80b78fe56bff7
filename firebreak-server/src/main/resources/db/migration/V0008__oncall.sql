-- On-call runtime state: overrides of the configured schedules, handoff notes, logged response time.
-- Schedules and people live in the YAML; what people change at run time lives here.

CREATE TABLE oncall_overrides (
    id          TEXT    PRIMARY KEY,   -- OVR-xxxxxxxx
    schedule    TEXT    NOT NULL,
    kind        TEXT    NOT NULL,      -- add | replace | remove
    person      TEXT    NOT NULL,      -- who is added or takes over; '' for remove
    replaces    TEXT    NOT NULL,      -- who is replaced or removed; '' for add
    starts_at   BIGINT  NOT NULL,
    ends_at     BIGINT  NOT NULL,
    created_by  TEXT    NOT NULL,
    created     BIGINT  NOT NULL
);
CREATE INDEX oncall_overrides_by_schedule ON oncall_overrides (schedule, ends_at);

CREATE TABLE oncall_notes (
    id          TEXT    PRIMARY KEY,   -- NOTE-xxxxxxxx
    kind        TEXT    NOT NULL,      -- watch_out | known_issue
    text        TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX oncall_notes_by_expiry ON oncall_notes (expires_at);

CREATE TABLE incident_time_log (
    id           TEXT    PRIMARY KEY,  -- TIME-xxxxxxxx
    incident_id  TEXT    NOT NULL REFERENCES incidents (id),
    person       TEXT    NOT NULL,
    seconds      BIGINT  NOT NULL,
    logged_at    BIGINT  NOT NULL,     -- the time the work counts at (week and month of the hours report)
    note         TEXT    NOT NULL,
    created      BIGINT  NOT NULL
);
CREATE INDEX incident_time_log_by_time ON incident_time_log (logged_at);
