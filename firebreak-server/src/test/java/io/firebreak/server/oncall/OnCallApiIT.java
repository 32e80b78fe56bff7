package io.firebreak.server.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.ServiceHarness.Reply;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /api/v1/oncall on a running service: who is on, overrides with their refusals, and iCal feeds a calendar parser accepts. */
public class OnCallApiIT {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String YAML = """
            people:
              - {name: alice, email: alice@example.com, slack: U0ALICE, timezone: Europe/Madrid, hourly_rate: 60}
              - {name: bob, email: bob@example.com, slack: U0BOB, timezone: Europe/Madrid}
              - {name: carol, email: carol@example.com, timezone: America/New_York}
              - {name: dave, email: dave@example.com}
            schedules:
              - name: primary
                timezone: Europe/Madrid
                rotation: {every: 1w, handoff: "MON 09:00", start: 2026-11-02}
                participants: [alice, bob, carol]
              - name: secondary
                timezone: Europe/Madrid
                rotation: {every: 1w, handoff: "MON 09:00", start: 2026-11-02}
                participants: [bob, carol, alice]
            """;
    static ServiceHarness service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceHarness.sqlite(YAML);
        service.clock().set(Instant.parse("2026-11-04T10:00:00Z"));   // Wednesday of alice's primary week
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static JsonNode json(Reply reply) throws Exception {
        return JSON.readTree(reply.body());
    }

    @Test
    void whoIsOnCallOverridesAndTheirRefusals() throws Exception {
        JsonNode now = json(service.get("/api/v1/oncall", ServiceHarness.VIEWER));
        assertThat(now.get("schedules").get(0).get("name").asText()).isEqualTo("primary");
        assertThat(now.get("schedules").get(0).get("on_call").get(0).get("slack").asText()).isEqualTo("U0ALICE");
        assertThat(now.get("schedules").get(0).get("on_call").get(0).has("hourly_rate")).as("pay is not for viewers").isFalse();
        assertThat(now.get("schedules").get(0).get("next_handoff").asText()).isEqualTo("2026-11-09T08:00:00Z");
        assertThat(now.get("schedules").get(1).get("on_call").get(0).get("name").asText()).isEqualTo("bob");

        Reply added = service.post("/api/v1/oncall/overrides", ServiceHarness.RESPONDER, """
                {"schedule": "primary", "person": "dave", "replaces": "alice", "starts_at": "2026-11-04T12:00", "ends_at": "2026-11-05T09:00"}""");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode override = json(added);
        assertThat(override.get("kind").asText()).isEqualTo("replace");
        assertThat(override.get("starts_at").asText()).as("local time in the schedule's zone").isEqualTo("2026-11-04T11:00:00Z");
        assertThat(override.get("created_by").asText()).isEqualTo("alice");
        String id = override.get("id").asText();
        assertThat(json(service.get("/api/v1/oncall?at=2026-11-04T11:30:00Z", ServiceHarness.VIEWER)).get("schedules").get(0)
                .get("on_call").get(0).get("name").asText()).isEqualTo("dave");
        assertThat(service.service().onCall().onCall("primary", Instant.parse("2026-11-04T11:30:00Z")))
                .extracting(p -> p.email()).containsExactly("dave@example.com");

        Reply overlap = service.post("/api/v1/oncall/overrides", ServiceHarness.RESPONDER, """
                {"schedule": "primary", "kind": "remove", "replaces": "alice", "starts_at": "2026-11-04T20:00:00Z", "ends_at": "2026-11-04T22:00:00Z"}""");
        assertThat(overlap.status()).isEqualTo(409);
        assertThat(json(overlap).get("conflicts_with").asText()).isEqualTo(id);

        JsonNode unknownPerson = json(service.post("/api/v1/oncall/overrides", ServiceHarness.RESPONDER, """
                {"schedule": "primary", "person": "zed", "starts_at": "2026-11-06T00:00", "ends_at": "2026-11-07T00:00"}"""));
        assertThat(unknownPerson.get("field").asText()).isEqualTo("person");
        assertThat(unknownPerson.get("error").asText()).isEqualTo("person: unknown person 'zed' (add them under people:)");
        Reply unknownSchedule = service.post("/api/v1/oncall/overrides", ServiceHarness.RESPONDER, """
                {"schedule": "tertiary", "person": "dave", "starts_at": "2026-11-06T00:00", "ends_at": "2026-11-07T00:00"}""");
        assertThat(unknownSchedule.status()).isEqualTo(400);
        assertThat(json(unknownSchedule).get("field").asText()).isEqualTo("schedule");
        Reply badTime = service.post("/api/v1/oncall/overrides", ServiceHarness.RESPONDER, """
                {"schedule": "primary", "person": "dave", "starts_at": "tomorrow", "ends_at": "2026-11-07T00:00"}""");
        assertThat(json(badTime).get("field").asText()).isEqualTo("starts_at");
        Reply backwards = service.post("/api/v1/oncall/overrides", ServiceHarness.RESPONDER, """
                {"schedule": "primary", "person": "dave", "starts_at": "2026-11-07T00:00", "ends_at": "2026-11-06T00:00"}""");
        assertThat(json(backwards).get("field").asText()).isEqualTo("ends_at");
        assertThat(service.post("/api/v1/oncall/overrides", ServiceHarness.VIEWER, "{}").status()).isEqualTo(403);

        assertThat(json(service.get("/api/v1/oncall/overrides", ServiceHarness.VIEWER)).get("overrides")).hasSize(1);
        // It has not started yet (12:00 Madrid is 11:00Z; now is 10:00Z): removing deletes it.
        assertThat(json(service.delete("/api/v1/oncall/overrides/" + id, ServiceHarness.RESPONDER)).get("status").asText()).isEqualTo("deleted");
        assertThat(service.delete("/api/v1/oncall/overrides/" + id, ServiceHarness.RESPONDER).status()).isEqualTo(404);
    }

    @Test
    void iCalFeedsAreValidCalendars() throws Exception {
        Reply feed = service.get("/api/v1/oncall/primary.ics", ServiceHarness.VIEWER);
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.header("Content-Type").orElseThrow()).startsWith("text/calendar");
        String ics = feed.body();
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n");
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        assertThat(ics).contains("DTSTART:20261102T080000Z\r\nDTEND:20261109T080000Z\r\nSUMMARY:On call: alice (primary)");
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        assertThat(calendar.validate().hasErrors()).as(calendar.validate().toString()).isFalse();
        // From 7 October (4 weeks back; the rotation starts 2 November) to 27 January: 13 weekly shifts, 2 Nov .. 25 Jan.
        assertThat(calendar.getComponents(Component.VEVENT)).hasSize(13);

        Reply person = service.get("/api/v1/oncall/people/carol.ics", ServiceHarness.VIEWER);
        Calendar carol = new CalendarBuilder().build(new StringReader(person.body()));
        assertThat(carol.validate().hasErrors()).isFalse();
        assertThat(person.body()).contains("SUMMARY:On call: carol (primary)").contains("SUMMARY:On call: carol (secondary)")
                .doesNotContain("alice (");
        assertThat(service.get("/api/v1/oncall/nowhere.ics", ServiceHarness.VIEWER).status()).isEqualTo(404);
        assertThat(service.get("/api/v1/oncall/people/zed.ics", ServiceHarness.VIEWER).status()).isEqualTo(404);
        assertThat(service.get("/api/v1/oncall/primary.ics", null).status()).isEqualTo(401);
        // Calendar clients cannot send a header: the feed takes the token in the URL, and only the feed does.
        assertThat(service.get("/api/v1/oncall/primary.ics?token=" + ServiceHarness.VIEWER, null).status()).isEqualTo(200);
        assertThat(service.get("/api/v1/oncall/primary.ics?token=wrong-token-0123456789", null).status()).isEqualTo(401);
        assertThat(service.get("/api/v1/oncall?token=" + ServiceHarness.VIEWER, null).status()).isEqualTo(401);
    }
}
