package io.firebreak.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.PrometheusConfig;
import io.firebreak.server.config.Redaction;
import io.firebreak.server.config.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
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
import java.util.Optional;

/**
 * Instant queries against the Prometheus HTTP API ({@code POST /api/v1/query}), over several
 * servers in order: a server that is down, slow or answers garbage is skipped for the next one; a
 * query Prometheus rejects as bad is reported at once, since every server would reject it.
 */
public final class PrometheusClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Server> servers;
    private final Duration timeout;
    private final HttpClient http;

    /** One server: where queries go (no user-info), how it is shown in messages, and the credentials it gets. */
    private record Server(URI endpoint, String shown, PrometheusAuth auth) {}

    /** Servers without credentials, other than a {@code user:password@} in a URL. */
    public PrometheusClient(List<String> urls, Duration timeout) {
        this(urls, timeout, new PrometheusAuth.None());
    }

    /**
     * Servers that all get {@code auth}, except one whose URL carries {@code user:password@}: that one
     * gets those as basic auth, and the URL is called without them.
     *
     * @throws IllegalArgumentException for a URL that is not http(s); the message shows it with its password masked
     */
    public PrometheusClient(List<String> urls, Duration timeout, PrometheusAuth auth) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one Prometheus URL is needed");
        }
        this.servers = urls.stream().map(url -> server(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, auth)).toList();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A client for {@code urls} with the timeout and credentials of the configuration ({@code prometheus:}). */
    public static PrometheusClient forConfig(LoadedConfig config, List<String> urls) {
        PrometheusConfig prometheus = config.config().prometheus();
        return new PrometheusClient(urls, prometheus.timeout(), PrometheusAuth.of(prometheus, config.baseDir()));
    }

    private static Server server(String url, PrometheusAuth auth) {
        String shown = Redaction.url(url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // Not chained: the cause's message repeats the URL, password included.
            throw new IllegalArgumentException("not a valid Prometheus URL: '" + shown + "' (" + e.getReason() + ")");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) Prometheus URL: '" + shown + "'");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return new Server(URI.create(url + "/api/v1/query"), shown, auth);
        }
        int start = url.indexOf("://") + 3;
        String bare = url.substring(0, start) + url.substring(start + userInfo.length() + 1);
        int colon = userInfo.indexOf(':');
        String username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        return new Server(URI.create(bare + "/api/v1/query"), shown, new PrometheusAuth.Basic(username, new Secret(password)));
    }

    /** Percent-decoding of a URI component ({@code +} is a plus here, not a space as in forms). */
    private static String decode(String component) {
        return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The servers, for messages: any user:password@ in them is masked. */
    public List<String> urls() {
        return servers.stream().map(Server::shown).toList();
    }

    /** Evaluates {@code promql} at {@code at} on the first server that gives a usable answer. */
    public QueryResult query(String promql, Instant at) {
        List<String> reasons = new ArrayList<>();
        QueryResult.Failure last = null;
        for (Server server : servers) {
            QueryResult result = queryOne(server, promql, at);
            if (result instanceof QueryResult.Failure failure) {
                if (!failure.kind().worthAnotherServer()) {
                    return failure;
                }
                last = failure;
                reasons.add(server.shown() + ": " + failure.reason());
                continue;
            }
            return result;
        }
        return servers.size() == 1 ? last : new QueryResult.Failure(last.kind(), String.join("; ", reasons));
    }

    @Override
    public String toString() {
        return "PrometheusClient" + urls();
    }

    private QueryResult queryOne(Server server, String promql, Instant at) {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + String.format(java.util.Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0)
                + "&timeout=" + Math.max(1, timeout.toSeconds()) + "s";
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint())
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", "firebreak")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        boolean sentCredentials;
        try {
            Optional<String> authorization = server.auth().header();
            authorization.ifPresent(value -> request.header("Authorization", value));
            sentCredentials = authorization.isPresent();
        } catch (IOException e) {
            return new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, "cannot read the bearer token file: " + e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new QueryResult.Failure(QueryResult.Kind.TIMEOUT, "no answer within " + timeout.toMillis() + "ms");
        } catch (ConnectException e) {
            return new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, "connection refused");
        } catch (IOException e) {
            return new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Redaction.url(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, "interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            // The body of a refusal is a proxy's page at best; the status says enough.
            return new QueryResult.Failure(QueryResult.Kind.SERVER_ERROR, "HTTP " + response.statusCode() + ": "
                    + (sentCredentials ? "Prometheus refused the credentials sent" : "Prometheus wants credentials")
                    + " (prometheus.username and password, bearer_token, or user:password@ in the URL)");
        }
        return parse(response.statusCode(), response.body(), server.shown());
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
