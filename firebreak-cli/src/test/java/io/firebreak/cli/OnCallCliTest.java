package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-call commands against a real SQLite store: now, schedule, overrides, notes, handoff, log-time, hours, config warnings. */
class OnCallCliTest {
    static final String CONFIG = """
            people:
              - {name: alice, email: alice@example.com, slack: U0ALICE, hourly_rate: 60}
              - {name: bob, email: bob@example.com, hourly_rate: 50}
              - {name: carol, email: carol@example.com}
              - {name: dave, email: dave@example.com}
            schedules:
              - name: primary
                timezone: Europe/Madrid
                rotation: {every: 1w, handoff: "MON 09:00", start: 2026-11-02}
                participants: [alice, bob, carol]
            compensation: {timezone: Europe/Madrid}
            """;

    @TempDir
    Path dir;

    @Test
    void theRotationFromATerminal() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), CONFIG);
        var cli = new CliRunner(dir, Instant.parse("2026-11-04T10:00:00Z"));

        var now = cli.run("oncall", "now");
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.out()).contains("primary   alice    Mon 2026-11-09 09:00 Europe/Madrid  alice@example.com, slack U0ALICE");

        var added = cli.run("oncall", "override", "add", "--schedule", "primary", "--person", "dave", "--replaces", "alice",
                "--from", "2026-11-04T12:00", "--to", "2026-11-05T09:00");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).matches("OVR-[0-9a-f]{8}: dave instead of alice in primary, Wed 2026-11-04 12:00 to Thu 2026-11-05 09:00 Europe/Madrid\n");
        String id = added.out().substring(0, 12);
        assertThat(cli.run("oncall", "now", "--at", "2026-11-04T11:00:00Z").out()).contains("primary   dave ");
        assertThat(cli.run("oncall", "schedule", "--weeks", "2").out()).isEqualTo("""
                primary (Europe/Madrid, every 1w, handoff MON 09:00, from 2026-11-02)
                FROM                  TO                    ON CALL
                Mon 2026-11-02 09:00  Wed 2026-11-04 12:00  alice
                Wed 2026-11-04 12:00  Thu 2026-11-05 09:00  dave (override)
                Thu 2026-11-05 09:00  Mon 2026-11-09 09:00  alice
                Mon 2026-11-09 09:00  Mon 2026-11-16 09:00  bob
                """);

        var overlap = cli.run("oncall", "override", "add", "--schedule", "primary", "--remove", "alice", "--from", "2026-11-05T08:00",
                "--to", "2026-11-05T10:00");
        assertThat(overlap.code()).isEqualTo(1);
        assertThat(overlap.err()).contains("refused: overlaps override " + id);
        var unknown = cli.run("oncall", "override", "add", "--schedule", "primary", "--person", "zed", "--from", "2026-11-06", "--to", "2026-11-07");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("--person: unknown person 'zed'");
        assertThat(cli.run("oncall", "override", "add", "--schedule", "tertiary", "--person", "dave", "--from", "2026-11-06", "--to", "2026-11-07")
                .err()).contains("unknown schedule 'tertiary' (configured: primary)");
        assertThat(cli.run("oncall", "override", "add", "--schedule", "primary", "--person", "dave", "--from", "soon", "--to", "2026-11-07")
                .err()).contains("--from: not a time: 'soon'");
        assertThat(cli.run("oncall", "override", "list").out()).contains(id + "  primary   dave instead of alice");
        assertThat(cli.run("oncall", "override", "remove", id).out()).isEqualTo(id + " deleted\n");
        assertThat(cli.run("oncall", "override", "list").out()).isEqualTo("No overrides.\n");

        assertThat(cli.run("oncall", "note", "add", "PMS", "latency", "spikes", "after", "deploys", "--by", "alice").code()).isZero();
        assertThat(cli.run("oncall", "note", "add", "--known-issue", "Redis failover takes 2 min; wait it out", "--by", "bob").code()).isZero();
        String incident = cli.run("incident", "open", "--title", "Database down", "--severity", "CRITICAL", "--service", "agente-api").out().strip();
        assertThat(cli.run("incident", "ack", incident, "--by", "alice").code()).isZero();
        assertThat(cli.run("incident", "note", incident, "failing over\nto the replica").code()).isZero();
        assertThat(cli.run("silence", "add", "--match", "service=agente-api", "--for", "2h", "--comment", "DB upgrade").code()).isZero();

        cli.clock.set(Instant.parse("2026-11-09T07:30:00Z"));   // half an hour before Monday's handoff
        var handoff = cli.run("oncall", "handoff");
        assertThat(handoff.code()).as(handoff.err()).isZero();
        assertThat(handoff.out()).startsWith("""
                # On-Call Handoff: alice → bob
                Schedule: primary
                Date: 2026-11-09
                Time: 09:00 (Europe/Madrid)

                ## Open Incidents
                - %s: SEV1 ACKNOWLEDGED, Database down. Next: start investigating. Last note: failing over to the replica
                """.formatted(incident))
                .contains("## Recent Incidents (past week)\n- " + incident + ": SEV1 Database down (2026-11-04 11:00): still open, ACKNOWLEDGED")
                .contains("## Known Issues\n- Redis failover takes 2 min; wait it out (bob, 2026-11-04)")
                .contains("## Watch-Outs\n- PMS latency spikes after deploys (alice, 2026-11-04)")
                .contains("## Upcoming Maintenance\n- None scheduled")
                .endsWith("## Questions & Clarifications\n\n");

        cli.clock.set(Instant.parse("2026-11-04T11:00:00Z"));
        assertThat(cli.run("incident", "resolve", incident, "--by", "alice").code()).isZero();
        var logged = cli.run("incident", "log-time", incident, "1h30m", "--by", "bob");
        assertThat(logged.out()).isEqualTo(incident + ": logged 1h30m for bob\n");
        assertThat(cli.run("incident", "log-time", "INC-20261104-999", "1h").code()).isEqualTo(1);
        assertThat(cli.run("incident", "log-time", incident, "forever").err()).contains("not a duration");

        cli.clock.set(Instant.parse("2026-12-02T12:00:00Z"));
        var csv = cli.run("oncall", "hours", "--month", "2026-11", "--format", "csv");
        assertThat(csv.code()).as(csv.err()).isZero();
        // alice: primary weeks of 2 and 23 November; acknowledged at 10:00Z, resolved 11:00Z: 1h x 60 x 2; a SEV1 as primary.
        // bob: 9 November and 30 November 09:00 to midnight (15/168 of a week); 1h30m logged x 50 x 2.
        assertThat(csv.out()).isEqualTo("""
                person,on_call_weeks,stipend,response_hours,hourly_rate,response_pay,comp_days,total,currency,warnings
                alice,2.00,200.00,1.00,60,120.00,1,320.00,USD,
                bob,1.09,108.93,1.50,50,150.00,0,258.93,USD,
                carol,1.00,100.00,0.00,,0.00,0,100.00,USD,
                dave,0.00,0.00,0.00,,0.00,0,0.00,USD,
                """);
        assertThat(cli.run("oncall", "hours", "--month", "2026-11").out()).startsWith("On-call hours 2026-11 (Europe/Madrid), amounts in USD\n")
                .contains("alice   2.00   200.00");
        assertThat(cli.run("oncall", "hours", "--month", "2026-11", "--format", "json").out()).contains("\"comp_days\" : 1");
        assertThat(cli.run("oncall", "hours", "--month", "November").err()).contains("--month: expected YYYY-MM");
    }

    @Test
    void configCheckWarnsButPasses() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), CONFIG.replace("[alice, bob, carol]", "[alice, alice, alice, bob]"));
        var check = new CliRunner(dir, Instant.parse("2026-11-04T10:00:00Z")).run("config", "check");
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("  on-call    4 people, 1 schedule(s)")
                .contains("warning: firebreak.yml:10: schedules[0].participants: alice is on call for 21d in a row in 'primary' (limit 2 consecutive weeks)");
        Files.writeString(dir.resolve("firebreak.yml"), CONFIG.replace("[alice, bob, carol]", "[alice, bobby]"));
        var bad = new CliRunner(dir, Instant.parse("2026-11-04T10:00:00Z")).run("config", "check");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("firebreak.yml:10: schedules[0].participants[1]: unknown person 'bobby' (did you mean 'bob'?)");
    }

    @Test
    void theAgenteApiExampleChecksOutAndShowsTheSeedRotation() throws Exception {
        Path example = Path.of("../examples/agente-api/firebreak.yml").toAbsolutePath().normalize();
        Path copy = dir.resolve("firebreak.yml");
        Files.writeString(copy, Files.readString(example).replace("jdbc:sqlite:./data/firebreak.db", "jdbc:sqlite:" + dir.resolve("fb.db")));
        Files.copy(example.resolveSibling("rules.yml"), dir.resolve("rules.yml"));
        var cli = new CliRunner(dir, Instant.parse("2026-11-10T10:00:00Z"));
        var check = cli.run("config", "check");
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("  on-call    6 people, 3 schedule(s)").doesNotContain("warning:");
        assertThat(cli.run("oncall", "now").out()).contains("primary             bob ").contains("secondary           carol ")
                .contains("incident-commander  director ");
    }
}
