package io.firebreak.server.store;

import java.time.Instant;
import java.util.Locale;

/** A note for the next handoff: something to watch, or a known issue with its workaround; shown until it expires. */
public record OnCallNote(String id, Kind kind, String text, String author, Instant created, Instant expires) {
    /** What the note is about, as the handoff template's sections. */
    public enum Kind {
        WATCH_OUT, KNOWN_ISSUE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
