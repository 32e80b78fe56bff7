package io.firebreak.core.postmortem;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * One follow-up of a post-mortem. The store holds it; the document's action-items table is
 * rendered from the store, so the two never disagree.
 *
 * @param number     its number within the incident, from 1
 * @param trackerUrl a link to the issue tracker, or empty
 */
public record ActionItem(String incidentId, int number, Priority priority, String description, String owner,
                         LocalDate due, Status status, String trackerUrl) {

    /** P0 (do now) to P3 (when convenient), as in the seed's template. */
    public enum Priority {
        P0, P1, P2, P3;

        public static Optional<Priority> parse(String text) {
            String normal = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
            for (Priority priority : values()) {
                if (priority.name().equals(normal)) {
                    return Optional.of(priority);
                }
            }
            return Optional.empty();
        }
    }

    public enum Status { OPEN, DONE }

    public ActionItem {
        if (incidentId == null || priority == null || due == null || status == null) {
            throw new IllegalArgumentException("action item needs incident, priority, due date and status");
        }
        if (description == null || description.isBlank() || owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("action item needs a description and an owner");
        }
        trackerUrl = trackerUrl == null ? "" : trackerUrl;
    }

    /** Open and past its due date on {@code today}. */
    public boolean overdue(LocalDate today) {
        return status == Status.OPEN && due.isBefore(today);
    }
}
