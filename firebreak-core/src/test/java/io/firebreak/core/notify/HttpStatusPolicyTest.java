package io.firebreak.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.routing.JdkRegex;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.routing.Route;
import io.firebreak.core.routing.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HttpStatusPolicyTest {

    record Case(int status, Optional<String> retryAfter, DeliveryResult expected) {
        @Override
        public String toString() {
            return "HTTP " + status + retryAfter.map(r -> " Retry-After " + r).orElse("");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(200, Optional.empty(), new DeliveryResult.Delivered(Optional.empty())),
                new Case(202, Optional.empty(), new DeliveryResult.Delivered(Optional.empty())),
                new Case(400, Optional.empty(), new DeliveryResult.Failed(false, 400, "HTTP 400: body", Optional.empty())),
                new Case(401, Optional.empty(), new DeliveryResult.Failed(false, 401, "HTTP 401: body", Optional.empty())),
                new Case(404, Optional.empty(), new DeliveryResult.Failed(false, 404, "HTTP 404: body", Optional.empty())),
                new Case(429, Optional.of("2"), new DeliveryResult.Failed(true, 429, "HTTP 429: body", Optional.of(Duration.ofSeconds(2)))),
                new Case(429, Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"), new DeliveryResult.Failed(true, 429, "HTTP 429: body", Optional.empty())),
                new Case(500, Optional.empty(), new DeliveryResult.Failed(true, 500, "HTTP 500: body", Optional.empty())),
                new Case(503, Optional.of("30"), new DeliveryResult.Failed(true, 503, "HTTP 503: body", Optional.of(Duration.ofSeconds(30)))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void classifiesEveryStatus(Case c) {
        assertThat(HttpStatusPolicy.classify(c.status(), " body\n", c.retryAfter())).isEqualTo(c.expected());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDateMeasuredFromTheAnswer() {
        Optional<Instant> answered = Optional.of(Instant.parse("2026-10-21T07:26:00Z"));
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("120"), Optional.empty())).contains(Duration.ofSeconds(120));
        assertThat(HttpStatusPolicy.retryAfter(Optional.of(" 0 "), Optional.empty())).contains(Duration.ZERO);
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"), answered)).contains(Duration.ofMinutes(2));
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("Wed, 21 Oct 2026 07:20:00 GMT"), answered)).contains(Duration.ZERO);
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("Thu, 22 Oct 2026 07:28:00 GMT"), answered)).contains(HttpStatusPolicy.MAX_RETRY_AFTER);
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("99999999999999999999999"), answered)).contains(HttpStatusPolicy.MAX_RETRY_AFTER);
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"), Optional.empty())).isEmpty();
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("-5"), answered)).isEmpty();
        assertThat(HttpStatusPolicy.retryAfter(Optional.of("soon"), answered)).isEmpty();
        assertThat(HttpStatusPolicy.classify(503, "", Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"), answered))
                .isEqualTo(new DeliveryResult.Failed(true, 503, "HTTP 503", Optional.of(Duration.ofMinutes(2))));
    }

    @Test
    void backoffDoublesToFiveMinutesWithJitterAndRetryAfterWins() {
        assertThat(Backoff.next(1, Optional.empty(), 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.next(4, Optional.empty(), 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Backoff.next(4, Optional.empty(), 0.0)).isEqualTo(Duration.ofMillis(6400));
        assertThat(Backoff.next(30, Optional.empty(), 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Backoff.next(30, Optional.empty(), 0.99)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Backoff.next(3, Optional.of(Duration.ofSeconds(2)), 0.9)).isEqualTo(Duration.ofSeconds(2));
    }

    static Incident incident(Severity severity) {
        Instant t = Instant.parse("2026-11-28T02:00:00Z");
        return new Incident("INC-20261128-001", "db", severity, IncidentStatus.TRIGGERED, "agente-api", "manual", null, null, null,
                null, null, t, t, null, null, t);
    }

    static Route route(String matcher, List<String> channels, Set<NotifyEvent> events) {
        List<Matcher> matchers = matcher.isEmpty() ? List.of() : List.of(JdkRegex.matcher(matcher));
        return new Route(matchers, channels, events, false);
    }

    @Test
    void theSeedsMatrixRoutesBySeverityAndEvent() {
        List<Route> routes = List.of(
                route("severity=~\"SEV1|SEV2\"", List.of("slack", "pagerduty", "management"), Set.of()),
                route("severity=\"SEV3\"", List.of("slack"), Set.of()),
                route("severity=\"SEV4\"", List.of("slack"), Set.of(NotifyEvent.OPENED, NotifyEvent.RESOLVED)));
        assertThat(Routing.channels(routes, Routing.labels(incident(Severity.CRITICAL)), NotifyEvent.ACKNOWLEDGED))
                .containsExactly("slack", "pagerduty", "management");
        assertThat(Routing.channels(routes, Routing.labels(incident(Severity.MEDIUM)), NotifyEvent.STATUS_CHANGED)).containsExactly("slack");
        assertThat(Routing.channels(routes, Routing.labels(incident(Severity.LOW)), NotifyEvent.OPENED)).containsExactly("slack");
        assertThat(Routing.channels(routes, Routing.labels(incident(Severity.LOW)), NotifyEvent.ACKNOWLEDGED)).isEmpty();
    }

    @Test
    void continueGoesOnToTheNextRoute() {
        var audit = new Route(List.of(), List.of("audit"), Set.of(), true);
        var rest = route("", List.of("slack"), Set.of());
        assertThat(Routing.channels(List.of(audit, rest), Routing.labels(incident(Severity.LOW)), NotifyEvent.OPENED))
                .containsExactly("audit", "slack");
    }
}
