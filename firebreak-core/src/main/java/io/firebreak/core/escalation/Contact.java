package io.firebreak.core.escalation;

/**
 * How a page reaches one person: their email address and Slack user id, each empty when unknown.
 * A page carries the contact as it was when the page was decided, so a retry reaches the same address.
 */
public record Contact(String name, String email, String slack) {
    public Contact {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a contact needs the person's name");
        }
        email = email == null ? "" : email.strip();
        slack = slack == null ? "" : slack.strip();
    }

    /** Whether any of {@code media} can reach this person. */
    public boolean reachableBy(java.util.Set<Medium> media) {
        return media.contains(Medium.ANY)
                || media.contains(Medium.SLACK) && !slack.isEmpty()
                || media.contains(Medium.EMAIL) && !email.isEmpty();
    }
}
