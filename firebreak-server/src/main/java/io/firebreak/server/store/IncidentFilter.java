package io.firebreak.server.store;

import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A page of the incident list: filters, and where the previous page ended. Incidents come newest
 * first (detected, then id), so a cursor is the last (detected, id) seen.
 *
 * @param statuses empty: any status
 * @param openOnly only incidents that are not resolved or closed
 */
public record IncidentFilter(Set<IncidentStatus> statuses, Optional<Severity> severity, Optional<String> service,
                             Optional<Instant> since, Optional<Instant> until, boolean openOnly, Optional<Cursor> after, int limit) {

    public IncidentFilter {
        statuses = Set.copyOf(statuses);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    /** Where a page ended: the last incident's detection time and id. */
    public record Cursor(long detectedMillis, String id) {
        public String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((detectedMillis + ":" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public static Optional<Cursor> decode(String text) {
            try {
                String plain = new String(java.util.Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
                int colon = plain.indexOf(':');
                return colon < 1 ? Optional.empty() : Optional.of(new Cursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
