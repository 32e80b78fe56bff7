package io.firebreak.bench;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.engine.EscalationModule;
import io.firebreak.server.engine.EscalationPolicies;
import io.firebreak.server.engine.EscalationTargets;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.notify.Notifications;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.EscalationStore;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.Leases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One escalation cycle over N open incidents whose 50 services each have a policy paging one of 50
 * schedules, beside the same cycle with escalation disabled (no policies: the baseline). Figures:
 * a quiet cycle (nothing due: the steady state, what runs every 5 s), and a mass page (every
 * incident's step 1 due at once; a cycle writes at most 1,000 incidents, the rest follow).
 * Arguments: JDBC URL, user, password, incidents, schedules.
 */
public final class EscalationBench {
    private EscalationBench() {}

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[3]);
        int schedules = Integer.parseInt(args[4]);
        AppConfig config = config(schedules);
        // The on-call math is another module; here each schedule has one fixed person on call.
        Map<String, List<String>> onCall = new java.util.HashMap<>();
        for (int s = 0; s < schedules; s++) {
            onCall.put("schedule-" + s, List.of("person-" + s));
        }
        var targets = new EscalationTargets(config.people(), (schedule, now) -> onCall.getOrDefault(schedule, List.of()));
        Notifications notifications = Notifications.from(config, new PrintWriter(new StringWriter()));
        try (Database database = Database.open(new StorageConfig(args[0], args[1], new Secret(args[2]), 8))) {
            String dialect = database.dialect().name().toLowerCase(java.util.Locale.ROOT);
            var incidents = new IncidentStore(database, notifications.outbox());
            long seeding = System.nanoTime();
            for (int i = 0; i < count; i++) {
                incidents.open(NewIncident.manual("incident " + i, Severity.values()[i % 4], "service-" + (i % schedules)), "bench",
                        T0.plusMillis(i));
            }
            System.out.printf("%-10s seeded %d open incidents in %.1f s%n", dialect, count, (System.nanoTime() - seeding) / 1e9);
            var store = new EscalationStore(database, incidents);
            var leases = new Leases(database);
            var enabled = new EscalationModule(store, EscalationPolicies.from(config), targets,
                    new Leadership(leases, EscalationModule.MODULE, "bench", Duration.ofHours(1)), EscalationModule.Listener.NONE);
            AppConfig withoutPolicies = new AppConfig(config.storage(), null, null, null, null, null, config.channels(), null, null,
                    config.services().stream().map(s -> new io.firebreak.server.config.ServiceConfig(s.name(), s.tier(), false, "", null))
                            .toList(), null, config.people(), List.of(), config.schedules(), config.compensation(), null, null, null, null, config.postmortems(), config.communication(), config.stakeholders());
            var disabled = new EscalationModule(store, EscalationPolicies.from(withoutPolicies), targets,
                    new Leadership(leases, "escalation-disabled", "bench", Duration.ofHours(1)), EscalationModule.Listener.NONE);

            Instant first = T0.plusSeconds(60);
            report(dialect, "baseline (escalation disabled)", time(() -> disabled.run(first)));
            Timed firstCycle = time(() -> enabled.run(first));
            report(dialect, "mass page: first cycle", firstCycle);
            int cycles = 1;
            int paged = firstCycle.cycle().pages();
            long draining = System.nanoTime();
            while (true) {
                EscalationModule.Cycle next = enabled.run(first);
                if (next.written() == 0) {
                    break;
                }
                cycles++;
                paged += next.pages();
            }
            System.out.printf("%-10s %-40s %8.1f ms  (%d pages in %d cycles, %.0f pages/s)%n", dialect, "mass page: the rest",
                    (System.nanoTime() - draining) / 1e6, paged, cycles, paged / ((System.nanoTime() - draining) / 1e9 + firstCycle.millis() / 1e3));
            List<Timed> quiet = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                Instant now = first.plusSeconds(5L * i);
                quiet.add(time(() -> enabled.run(now)));
            }
            quiet.sort(java.util.Comparator.comparingDouble(Timed::millis));
            report(dialect, "quiet cycle, nothing due (median of 5)", quiet.get(2));
            report(dialect, "of which reading the store", time(() -> {
                store.open();
                return new EscalationModule.Cycle(count, 0, 0, 0);
            }));
        }
    }

    record Timed(double millis, EscalationModule.Cycle cycle) {}

    static Timed time(java.util.function.Supplier<EscalationModule.Cycle> cycle) {
        long started = System.nanoTime();
        EscalationModule.Cycle result = cycle.get();
        return new Timed((System.nanoTime() - started) / 1e6, result);
    }

    static void report(String dialect, String what, Timed timed) {
        System.out.printf("%-10s %-40s %8.1f ms  (%d open, %d written, %d pages)%n", dialect, what, timed.millis(),
                timed.cycle().open(), timed.cycle().written(), timed.cycle().pages());
    }

    /** 50 services, each with a policy: its own schedule, the next one, then a person; channels for Slack and email. */
    static AppConfig config(int schedules) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                channels:
                  - {name: slack-oncall, type: slack, url: "http://127.0.0.1:9/slack"}
                  - {name: mail, type: email, from: firebreak@example.com, smtp: {host: 127.0.0.1, port: 9, tls: none}}
                people:
                  - {name: lead, email: lead@example.com, slack: U0LEAD}
                """);
        for (int s = 0; s < schedules; s++) {
            yaml.append("  - {name: person-%d, email: p%d@example.com, slack: U0P%d}%n".formatted(s, s, s));
        }
        // Configured so that policies may name them; who is on call comes from the fixed lookup in main.
        yaml.append("schedules:\n");
        for (int s = 0; s < schedules; s++) {
            yaml.append("  - {name: schedule-%d, timezone: UTC, rotation: {every: 1w, handoff: \"MON 09:00\", start: 2026-11-23}, participants: [person-%d]}%n"
                    .formatted(s, s));
        }
        yaml.append("escalation_policies:\n");
        for (int s = 0; s < schedules; s++) {
            yaml.append("""
                      - name: policy-%d
                        page_channels: [slack-oncall, mail]
                        steps:
                          - {targets: ["schedule:schedule-%d"], delay: 15m}
                          - {targets: ["schedule:schedule-%d"], delay: 30m}
                          - {targets: ["person:lead"]}
                        no_progress: {severities: [SEV1], after: 30m}
                        unresolved_after: 2h
                    """.formatted(s, s, (s + 1) % schedules));
        }
        yaml.append("services:\n");
        for (int s = 0; s < schedules; s++) {
            yaml.append("  - {name: service-%d, escalation_policy: policy-%d}%n".formatted(s, s));
        }
        Path dir = Files.createTempDirectory("escalation-bench");
        try {
            Files.writeString(dir.resolve("firebreak.yml"), yaml);
            var result = new ConfigLoader(name -> null, dir).load(Optional.empty());
            if (result instanceof ConfigLoader.Result.Invalid invalid) {
                throw new IllegalStateException("bench config is invalid: " + invalid.errors().stream().map(ConfigError::toString).toList());
            }
            return ((ConfigLoader.Result.Loaded) result).config().config();
        } finally {
            Files.deleteIfExists(dir.resolve("firebreak.yml"));
            Files.deleteIfExists(dir);
        }
    }
}
