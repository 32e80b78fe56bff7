package io.firebreak.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page's model and template without a server: public summaries, generic sentences, escaping, rounding. */
class StatusViewTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void aPublicSummaryIsShownEscapedAndTheRestOfTheIncidentIsNot() {
        Incident incident = incident("api-1", IncidentStatus.IDENTIFIED, Severity.HIGH,
                "Payments <b>delayed</b> & \"retrying\"", Map.of("instance", "10.0.0.7:9100"), "carol");
        StatusView view = StatusView.of(List.of(new StatusView.Input("agente-api", List.of(incident))), NOW, 90);

        String html = render(view);

        assertThat(html).contains("Payments &lt;b&gt;delayed&lt;/b&gt; &amp; &quot;retrying&quot;", "Identified", "Partial outage")
                .doesNotContain("<b>delayed", "secret title", "10.0.0.7", "carol", "INC-20261129-001", "runbooks/");
        assertThat(view.json().toString()).doesNotContain("secret title", "10.0.0.7", "carol", "INC-", "runbooks/");
    }

    @Test
    void withoutAPublicSummaryTheSentenceFollowsThePublicStatus() {
        StatusView view = StatusView.of(List.of(new StatusView.Input("agente-api", List.of(
                incident("api-1", IncidentStatus.TRIGGERED, Severity.LOW, "", Map.of(), ""),
                incident("api-2", IncidentStatus.MONITORING, Severity.MEDIUM, "  ", Map.of(), "")))), NOW, 90);

        assertThat(view.services().get(0).incidents()).extracting(StatusView.IncidentView::summary).containsExactlyInAnyOrder(
                "We are investigating an issue affecting agente-api.",
                "A fix for an issue affecting agente-api is in place and we are monitoring the results.");
        assertThat(view.summary()).isEqualTo("Degraded performance");
    }

    @Test
    void aServiceNameIsEscapedToo() {
        StatusView view = StatusView.of(List.of(new StatusView.Input("a<i>b", List.of())), NOW, 90);

        assertThat(render(view)).contains("a&lt;i&gt;b").doesNotContain("a<i>b");
    }

    @Test
    void withoutPublicServicesThePageSaysSo() {
        String html = render(StatusView.of(List.of(), NOW, 90));

        assertThat(html).contains("All systems operational", "No services are listed");
    }

    @Test
    void percentagesRoundDownSoThatAnyDowntimeIsVisible() {
        assertThat(StatusView.percentText(100.0)).isEqualTo("100.00 %");
        assertThat(StatusView.percentText(99.99999)).isEqualTo("99.99 %");
        assertThat(StatusView.percentText(99.99)).isEqualTo("99.99 %");
        assertThat(StatusView.percentText(0.0)).isEqualTo("0.00 %");
    }

    private static String render(StatusView view) {
        return StatusRoutes.render(view);
    }

    private static Incident incident(String suffix, IncidentStatus status, Severity severity, String publicSummary,
                                     Map<String, String> labels, String commander) {
        return new Incident("INC-20261129-001", "secret title " + suffix, severity, status, "agente-api", "alert:X", labels,
                "runbooks/db.md", publicSummary, commander, List.of(), Instant.parse("2026-11-29T08:00:00Z"),
                Instant.parse("2026-11-29T08:01:00Z"), null, null, Instant.parse("2026-11-29T08:01:00Z"));
    }
}
