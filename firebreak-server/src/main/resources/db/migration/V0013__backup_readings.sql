-- The last reading of each backup source, written by the instance that leads backup freshness, so every
-- instance (a standby included) shows the same ages, and says who measured them and when.
CREATE TABLE backup_readings (
    backup       TEXT    PRIMARY KEY,
    state        TEXT    NOT NULL,      -- fresh | stale | unhealthy
    newest       BIGINT,                -- the newest copy's time; null when the source could not tell
    rpo_ms       BIGINT  NOT NULL,
    detail       TEXT    NOT NULL,
    measured_at  BIGINT  NOT NULL,
    measured_by  TEXT    NOT NULL       -- the instance id (cluster status)
);
