-- Recovery objectives: verified restores, drills, RTO warnings per incident, recovery checklists.
-- Tiers, backups, drills and procedures live in the YAML; what happened lives here.

CREATE TABLE recovery_verifications (
    id           TEXT    PRIMARY KEY,   -- VER-xxxxxxxx
    backup       TEXT    NOT NULL,
    started      BIGINT  NOT NULL,
    duration_ms  BIGINT  NOT NULL,      -- restore + checks: the measured recovery time of the component
    passed       INTEGER NOT NULL,      -- 1 | 0
    reason       TEXT    NOT NULL,      -- why it failed; '' when it passed
    file         TEXT    NOT NULL,      -- the backup file restored ('' when the source has none)
    checks       TEXT    NOT NULL,      -- JSON: [{sql, expect, actual, passed}]
    trigger_kind TEXT    NOT NULL       -- manual | schedule
);
CREATE INDEX recovery_verifications_by_backup ON recovery_verifications (backup, started);

CREATE TABLE drill_runs (
    id           TEXT    PRIMARY KEY,   -- DRILL-xxxxxxxx
    drill        TEXT    NOT NULL,
    at           BIGINT  NOT NULL,
    result       TEXT    NOT NULL,      -- pass | fail
    duration_ms  BIGINT,                -- null when not measured
    note         TEXT    NOT NULL,
    recorded_by  TEXT    NOT NULL,
    origin       TEXT    NOT NULL       -- record | verify | simulate
);
CREATE INDEX drill_runs_by_drill ON drill_runs (drill, at);

-- One reminder per drill and due date: the unique key makes a second reminder impossible.
CREATE TABLE drill_reminders (
    drill        TEXT    NOT NULL,
    due_at       BIGINT  NOT NULL,
    sent_at      BIGINT  NOT NULL,
    PRIMARY KEY (drill, due_at)
);

-- RTO marks per incident (50, 80, 100 = breach; met | missed at resolution): each at most once.
CREATE TABLE incident_rto_marks (
    incident_id  TEXT    NOT NULL REFERENCES incidents (id),
    mark         TEXT    NOT NULL,
    at           BIGINT  NOT NULL,
    rto_ms       BIGINT  NOT NULL,
    PRIMARY KEY (incident_id, mark)
);

-- A recovery procedure run as a checklist on an incident: one row per step.
CREATE TABLE recovery_steps (
    incident_id  TEXT    NOT NULL REFERENCES incidents (id),
    procedure    TEXT    NOT NULL,
    step         INTEGER NOT NULL,      -- 1-based
    title        TEXT    NOT NULL,
    planned_ms   BIGINT  NOT NULL,
    started      BIGINT,
    finished     BIGINT,
    note         TEXT    NOT NULL,
    PRIMARY KEY (incident_id, step)
);
