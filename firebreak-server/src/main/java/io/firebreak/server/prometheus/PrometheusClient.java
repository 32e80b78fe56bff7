package io.firebreak.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.rule.Sample;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Instant queries against the Prometheus HTTP API ({@code POST /api/v1/query}), over several
 * servers in order: a server that is down, slow or answers garbage is skipped for the next one; a
 * query Prometheus rejects as bad is reported at once, since every server would reject it.
 */
public final class PrometheusClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> urls;
    private final Duration timeout;
    private final HttpClient http;

    public PrometheusClient(List<String> urls, Duration timeout) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one Prometheus URL is needed");
        }
        this.urls = urls.stream().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url).toList();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The servers, for messages: any user:password@ in them is masked. */
    public List<String> urls() {
        return urls.stream().map(io.firebreak.server.config.StorageConfig::redact).toList();
    }

    /** Evaluates {@code promql} at {@code at} on the first server that gives a usable answer. */
    public QueryResult query(String promql, Instant at) {
        List<String> reasons = new ArrayList<>();
        QueryResult.Failure last = null;
        for (String url : urls) {
            QueryResult result = queryOne(url, promql, at);
            if (result instanceof QueryResult.Failure failure) {
                if (!failure.kind().worthAnotherServer()) {
                    return failure;
                }
                last = failure;
                reasons.add(io.firebreak.server.config.StorageConfig.redact(url) + ": " + failure.reason());   // user:password@ never shown
                continue;
            }
            return result;
        }
        return urls.size() == 1 ? last : new QueryResult.Failure(last.kind(), String.join("; ", reasons));
    }

    QueryResult queryOne(String url, String promql, Instant at) {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + String.format(java.util.Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0)
                + "&timeout=" + Math.max(1, timeout.toSeconds()) + "s";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/query"))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", "firebreak")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new QueryResult.Failure(QueryResult.Kind.TIMEOUT, "no answer within " + timeout.toMillis() + "ms");
        } catch (ConnectException e) {
            return new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, "connection refused");
        } catch (IOException e) {
            return new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, "interrupted");
        }
        return parse(response.statusCode(), response.body(), url);
    }

    /** Maps a response to a result; public for tests of the mapping alone. */
    static QueryResult parse(int status, String body, String server) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("status")) {
            String kind = status >= 500 ? "HTTP " + status : "HTTP " + status + ", not Prometheus JSON";
            String start = body == null ? "" : body.strip();
            start = start.length() > 60 ? start.substring(0, 60) + "..." : start;
            return new QueryResult.Failure(status >= 500 ? QueryResult.Kind.SERVER_ERROR : QueryResult.Kind.BAD_RESPONSE,
                    kind + (start.isEmpty() ? "" : " (" + start.replaceAll("\\s+", " ") + ")"));
        }
        if (!"success".equals(root.path("status").asText())) {
            String errorType = root.path("errorType").asText("unknown");
            String error = root.path("error").asText("");
            QueryResult.Kind kind = "bad_data".equals(errorType) ? QueryResult.Kind.BAD_QUERY : QueryResult.Kind.SERVER_ERROR;
            return new QueryResult.Failure(kind, errorType + ": " + error);
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        try {
            return switch (type) {
                case "vector" -> {
                    List<Sample> samples = new ArrayList<>();
                    for (JsonNode series : result) {
                        samples.add(new Sample(labels(series.path("metric")), value(series.path("value").path(1).asText(null))));
                    }
                    yield new QueryResult.Samples(samples, server);
                }
                case "scalar" -> new QueryResult.Samples(List.of(new Sample(Map.of(), value(result.path(1).asText(null)))), server);
                default -> new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE,
                        "result type '" + type + "' (Firebreak needs an instant vector or a scalar)");
            };
        } catch (NumberFormatException e) {
            return new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE, "unreadable sample value: " + e.getMessage());
        }
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            labels.put(field.getKey(), field.getValue().asText());
        }
        return labels;
    }

    /** Prometheus writes sample values as strings, including NaN, +Inf and -Inf. */
    static double value(String text) {
        if (text == null) {
            throw new NumberFormatException("missing");
        }
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
