-- The notification outbox: rows written in the same transaction as the incident change that
-- causes them, drained by the delivery module. The id (incident:event:channel) is the stable
-- idempotency key receivers see.

CREATE TABLE outbox (
    id             TEXT    PRIMARY KEY,
    incident_id    TEXT    NOT NULL,
    event_seq      INTEGER NOT NULL,
    channel        TEXT    NOT NULL,
    event          TEXT    NOT NULL,
    state          TEXT    NOT NULL,   -- pending | delivered | dead
    created        BIGINT  NOT NULL,
    due            BIGINT  NOT NULL,
    claimed_until  BIGINT,
    attempts       INTEGER NOT NULL,
    last_status    INTEGER NOT NULL,
    last_reason    TEXT    NOT NULL,
    finished       BIGINT,
    external_id    TEXT
);
CREATE INDEX outbox_by_state_due ON outbox (state, due);
CREATE INDEX outbox_by_incident ON outbox (incident_id, channel, event_seq);

CREATE TABLE outbox_attempts (
    outbox_id  TEXT    NOT NULL,
    attempt    INTEGER NOT NULL,
    at         BIGINT  NOT NULL,
    status     INTEGER NOT NULL,
    reason     TEXT    NOT NULL,
    PRIMARY KEY (outbox_id, attempt)
);
