package io.firebreak.server.ui;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs from outside may become links, and which {@code next} targets a login may send
 * people to. A link is only ever http(s) with a host (never {@code javascript:} or {@code data:});
 * a redirect target is only ever a path on this site.
 */
final class Links {
    private Links() {}

    /** Whether {@code url} is an absolute http or https URL with a host. */
    static boolean isHttp(String url) {
        if (url == null || url.isBlank() || url.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * {@code next} if it is a relative path on this site ({@code /incidents/INC-1?x=y}), else empty.
     * Refused: absolute URLs, protocol-relative {@code //host}, backslashes (browsers read {@code /\host}
     * as another host), control characters and anything not starting with one slash.
     */
    static Optional<String> safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > 2000) {
            return Optional.empty();
        }
        if (next.charAt(0) != '/' || next.startsWith("//") || next.indexOf('\\') >= 0
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(next);
            if (uri.getScheme() != null || uri.getRawAuthority() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(next);
    }
}
