package io.firebreak.core.mute;

import io.firebreak.core.routing.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A silence: incidents whose labels match every matcher notify nobody between {@code startsAt} and {@code endsAt}. */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String author, String comment) {
    public Silence {
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher; an empty one would silence everything");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a silence must end after it starts");
        }
    }

    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(matcher -> matcher.matches(labels));
    }
}
