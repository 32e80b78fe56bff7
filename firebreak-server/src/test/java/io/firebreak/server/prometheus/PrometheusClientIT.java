package io.firebreak.server.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.rule.Sample;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus client against a real local HTTP server answering as Prometheus does, and as it should not. */
class PrometheusClientIT {
    static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");

    static QueryResult ask(Response response) throws Exception {
        try (var stub = new StubHttpServer(request -> response)) {
            return new PrometheusClient(List.of(stub.url()), Duration.ofMillis(800)).query("up", AT);
        }
    }

    @Test
    void sendsTheQueryAndItsTimeAsAForm() throws Exception {
        try (var stub = new StubHttpServer(r -> Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"))) {
            new PrometheusClient(List.of(stub.url() + "/"), Duration.ofSeconds(2)).query("rate(x{a=\"b\"}[5m]) > 0", AT);
            assertThat(stub.requests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/api/v1/query");
                assertThat(request.form("query")).isEqualTo("rate(x{a=\"b\"}[5m]) > 0");
                assertThat(request.form("time")).isEqualTo("1795831200.000");
                assertThat(request.headers().get("Content-type")).containsExactly("application/x-www-form-urlencoded");
            });
        }
    }

    @Test
    void readsVectorsWithStringValuesIncludingNanAndInfinities() throws Exception {
        var result = ask(Response.json(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"up","instance":"a:9100","job":"node"},"value":[1796436000.0,"1"]},
                  {"metric":{"instance":"b"},"value":[1796436000.0,"NaN"]},
                  {"metric":{"instance":"c"},"value":[1796436000.0,"+Inf"]},
                  {"metric":{"instance":"d"},"value":[1796436000.0,"-Inf"]}]}}"""));
        assertThat(result).isInstanceOfSatisfying(QueryResult.Samples.class, samples -> {
            assertThat(samples.samples()).hasSize(4);
            assertThat(samples.samples().get(0)).isEqualTo(new Sample(Map.of("instance", "a:9100", "job", "node"), 1));
            assertThat(samples.samples().get(1).value()).isNaN();
            assertThat(samples.samples().get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(samples.samples().get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        });
    }

    @Test
    void readsScalars() throws Exception {
        var result = ask(Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1796436000.0,\"42.5\"]}}"));
        assertThat(((QueryResult.Samples) result).samples()).containsExactly(new Sample(Map.of(), 42.5));
    }

    @Test
    void everyWrongAnswerIsAFailureWithItsReason() throws Exception {
        assertThat(ask(Response.json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end of input\"}")))
                .isEqualTo(new QueryResult.Failure(QueryResult.Kind.BAD_QUERY, "bad_data: 1:5: parse error: unexpected end of input"));
        assertThat(ask(Response.json(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples\"}")))
                .isEqualTo(new QueryResult.Failure(QueryResult.Kind.SERVER_ERROR, "execution: query processing would load too many samples"));
        assertThat(ask(Response.text(200, "text/html", "<html><body>Sign in to continue</body></html>")))
                .isEqualTo(new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE, "HTTP 200, not Prometheus JSON (<html><body>Sign in to continue</body></html>)"));
        assertThat(ask(Response.json(200, "{\"status\":\"succ")))
                .isEqualTo(new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE, "HTTP 200, not Prometheus JSON ({\"status\":\"succ)"));
        assertThat(ask(Response.text(503, "text/plain", "Service Unavailable")))
                .isEqualTo(new QueryResult.Failure(QueryResult.Kind.SERVER_ERROR, "HTTP 503 (Service Unavailable)"));
        assertThat(ask(Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")))
                .isEqualTo(new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE, "result type 'matrix' (Firebreak needs an instant vector or a scalar)"));
        assertThat(ask(Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}")))
                .isInstanceOfSatisfying(QueryResult.Failure.class, f -> assertThat(f.reason()).startsWith("unreadable sample value"));
        assertThat(ask(new Response(200, "application/json", "{}", 3_000)))
                .isEqualTo(new QueryResult.Failure(QueryResult.Kind.TIMEOUT, "no answer within 800ms"));
    }

    @Test
    void failsOverToTheNextServerButNotForABadQuery() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var good = new StubHttpServer(r -> Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
             var broken = new StubHttpServer(r -> Response.text(502, "text/html", "<h1>Bad Gateway</h1>"))) {
            var client = new PrometheusClient(List.of("http://127.0.0.1:" + closedPort, broken.url(), good.url()), Duration.ofSeconds(2));
            assertThat(client.query("up", AT)).isInstanceOfSatisfying(QueryResult.Samples.class,
                    samples -> assertThat(samples.server()).isEqualTo(good.url()));

            good.respond(r -> Response.json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}"));
            broken.respond(r -> Response.json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}"));
            assertThat(client.query("up(", AT)).isEqualTo(new QueryResult.Failure(QueryResult.Kind.BAD_QUERY, "bad_data: parse error"));
            assertThat(good.requests()).hasSize(1);   // the bad query stopped at the first server that answered

            var allDown = new PrometheusClient(List.of("http://127.0.0.1:" + closedPort, "http://127.0.0.1:" + closedPort), Duration.ofSeconds(1));
            assertThat(allDown.query("up", AT)).isInstanceOfSatisfying(QueryResult.Failure.class, failure -> {
                assertThat(failure.kind()).isEqualTo(QueryResult.Kind.UNREACHABLE);
                assertThat(failure.reason()).contains("connection refused; http://127.0.0.1:" + closedPort);
            });
        }
    }

    @Test
    void credentialsInAPrometheusUrlNeverAppearInMessages() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var client = new PrometheusClient(List.of("http://scraper:hunter2-secret@127.0.0.1:" + closed,
                "http://scraper:hunter2-secret@127.0.0.1:" + closed + "/"), Duration.ofSeconds(1));
        assertThat(client.urls()).allSatisfy(url -> assertThat(url).doesNotContain("hunter2-secret"));
        assertThat(client.query("up", AT)).isInstanceOfSatisfying(QueryResult.Failure.class,
                failure -> assertThat(failure.reason()).doesNotContain("hunter2-secret").contains("scraper:<secret>@"));
    }
}
