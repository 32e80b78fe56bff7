package io.firebreak.server.store;

import java.time.Instant;

/** One queued notification and how its delivery went so far. {@code lastReason} never holds a secret. */
public record OutboxRow(String id, String incidentId, int eventSeq, String channel, String event, String state, Instant created,
                        Instant due, int attempts, int lastStatus, String lastReason, Instant finished, String externalId) {}
