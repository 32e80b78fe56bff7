package io.firebreak.server.http;

import java.util.Map;

/**
 * A request Firebreak refuses, answered as JSON {@code {"error": ..., "field": ...}} with its
 * status. Thrown by handlers, mapped in one place by {@link HttpServer}.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String field;
    private final Map<String, Object> extra;

    public HttpProblem(int status, String message, String field) {
        this(status, message, field, Map.of());
    }

    public HttpProblem(int status, String message, String field, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.extra = Map.copyOf(extra);
    }

    public static HttpProblem badRequest(String field, String message) {
        return new HttpProblem(400, message, field);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, message, null);
    }

    public static HttpProblem conflict(String message) {
        return new HttpProblem(409, message, null);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
