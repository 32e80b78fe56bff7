-- A fenced outbox. Every claim writes a fresh random claim_token beside claimed_until, and every
-- later write of the claimer (delivered, retry, released, held, muted, dead) is conditional on
-- that token: a worker whose lease ran out and whose row was claimed again writes nothing.
-- started counts attempts that began (written before the receiver is called), so a retry knows
-- an earlier attempt may have reached the receiver even if it never recorded an answer.
-- Rows held back by a silence or an inhibition have state 'held' (due = until when), held_by
-- names the silence or the inhibiting incident; 'muted' rows are final and are not failures.

ALTER TABLE outbox ADD COLUMN claim_token TEXT;
ALTER TABLE outbox ADD COLUMN started INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN held_by TEXT;
CREATE INDEX outbox_by_claim ON outbox (claim_token);

-- Rows that were held back before this migration, when a hold was only a reason text.
UPDATE outbox SET state = 'held'
WHERE state = 'pending' AND (last_reason LIKE 'silenced by %' OR last_reason LIKE 'inhibited while %');

-- A receiver's Retry-After pauses its channel for every instance: claims skip a paused channel.
CREATE TABLE channel_pauses (
    channel       TEXT    PRIMARY KEY,
    paused_until  BIGINT  NOT NULL,
    reason        TEXT    NOT NULL
);
