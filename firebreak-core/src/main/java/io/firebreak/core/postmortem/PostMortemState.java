package io.firebreak.core.postmortem;

import java.util.Locale;
import java.util.Optional;

/** Where a post-mortem is: written ({@code DRAFT}), being read by others, or published (the incident closes). */
public enum PostMortemState {
    DRAFT, IN_REVIEW, PUBLISHED;

    public static Optional<PostMortemState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normal = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (PostMortemState state : values()) {
            if (state.name().equals(normal)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
