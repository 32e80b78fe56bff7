package io.firebreak.server.ui;

import io.firebreak.server.testing.ServiceHarness;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client for the UI, without a browser: it sends the cookies the server set
 * (by name, whatever their path) and never follows redirects, so tests see every 303 and header.
 */
final class UiClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");

    private final ServiceHarness harness;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    UiClient(ServiceHarness harness) {
        this.harness = harness;
    }

    ServiceHarness.Reply get(String path) {
        return keep(harness.send(request(path).GET().build()));
    }

    ServiceHarness.Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path);
        headers.forEach(builder::header);
        return keep(harness.send(builder.GET().build()));
    }

    ServiceHarness.Reply post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return keep(harness.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    /** Logs in through the form (GET /login for its token, POST the API token); returns the POST's reply. */
    ServiceHarness.Reply login(String token, String next) {
        ServiceHarness.Reply form = get("/login");
        return post("/login", Map.of("token", token, "csrf", csrf(form.body()), "next", next));
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    void dropCookies() {
        cookies.clear();
    }

    /** The first {@code csrf} hidden field of a page. */
    static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no csrf field in the page:\n" + html);
        }
        return matcher.group(1);
    }

    /** Every Set-Cookie header of a reply. */
    static List<String> setCookies(ServiceHarness.Reply reply) {
        return reply.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(harness.url(path))).timeout(Duration.ofSeconds(20));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private ServiceHarness.Reply keep(ServiceHarness.Reply reply) {
        for (String header : setCookies(reply)) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            boolean expired = header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty();
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return reply;
    }
}
