package io.firebreak.server.recovery;

import io.firebreak.core.recovery.Freshness;
import io.firebreak.core.time.Durations;
import io.firebreak.server.Service;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.config.TierConfig;
import io.firebreak.server.http.HttpServer;
import io.firebreak.server.store.DrillStore;
import io.firebreak.server.store.RecoveryStore;
import io.firebreak.server.store.RtoStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/recovery}: the recovery objectives and where they stand: tiers with their RTO
 * compliance over the last 90 days, each backup's age against its RPO (as the instance leading backup
 * freshness measured it and stored it, with that instance and the time) with its last verified restore
 * (duration against the RTO), and the drills with their last run and next due date. Authenticated like
 * every {@code /api} path (viewers may read).
 */
public final class RecoveryRoutes implements HttpServer.Routes {
    private static final Duration COMPLIANCE_WINDOW = Duration.ofDays(90);

    private final Service service;

    public RecoveryRoutes(Service service) {
        this.service = service;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/recovery", this::overview);
    }

    private void overview(Context ctx) {
        ctx.json(overview(service, service.clock().instant()));
    }

    /** The overview as plain maps and lists (the API's JSON and the recovery page's data). */
    public static Map<String, Object> overview(Service service, Instant now) {
        return new RecoveryRoutes(service).build(now);
    }

    private Map<String, Object> build(Instant now) {
        AppConfig config = service.config().config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", now.toString());
        out.put("tiers", tiers(config, now));
        out.put("backups", backups(config, now));
        RecoveryStore verifications = new RecoveryStore(service.database());
        out.put("drills", new Drills(config, new DrillStore(service.database()), verifications).calendar(now).stream().map(entry -> {
            Map<String, Object> drill = new LinkedHashMap<>();
            drill.put("name", entry.drill().name());
            drill.put("every_seconds", entry.drill().every().toSeconds());
            drill.put("owner", entry.drill().owner());
            drill.put("done_by", entry.drill().doneBy());
            drill.put("last_run", entry.lastRun().map(Instant::toString).orElse(null));
            drill.put("last_passed", entry.lastPassed().orElse(null));
            drill.put("next_due", entry.nextDue().map(Instant::toString).orElse(null));
            drill.put("overdue", entry.overdue());
            drill.put("every", Durations.format(entry.drill().every()));
            return drill;
        }).toList());
        return out;
    }

    private List<Map<String, Object>> tiers(AppConfig config, Instant now) {
        List<RtoStore.Verdicts> verdicts = new RtoStore(service.database(), service.incidents()).verdicts(now.minus(COMPLIANCE_WINDOW), now);
        List<Map<String, Object>> out = new ArrayList<>();
        for (TierConfig tier : config.tiers()) {
            List<String> services = config.services().stream().filter(s -> s.tier() == tier.tier()).map(ServiceConfig::name).toList();
            int met = verdicts.stream().filter(v -> services.contains(v.service())).mapToInt(RtoStore.Verdicts::met).sum();
            int missed = verdicts.stream().filter(v -> services.contains(v.service())).mapToInt(RtoStore.Verdicts::missed).sum();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tier", tier.tier());
            row.put("name", tier.name());
            row.put("rto_seconds", tier.rto().toSeconds());
            row.put("rpo_seconds", tier.rpo().toSeconds());
            row.put("services", services);
            row.put("rto_met", met);
            row.put("rto_missed", missed);
            row.put("rto", Durations.format(tier.rto()));
            row.put("rpo", Durations.format(tier.rpo()));
            out.add(row);
        }
        return out;
    }

    private List<Map<String, Object>> backups(AppConfig config, Instant now) {
        RecoveryStore store = new RecoveryStore(service.database());
        // The leader's readings from the store: a standby shows the same ages as the leader, never probes itself.
        Map<String, RecoveryStore.Reading> readings = store.readings();
        List<Map<String, Object>> out = new ArrayList<>();
        for (BackupTargets.Target target : BackupTargets.from(config).targets()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", target.name());
            row.put("source", target.backup().source().type());
            row.put("tier", target.tierNumber() == 0 ? null : target.tierNumber());
            row.put("rpo_seconds", target.rpo().toSeconds());
            Optional<RecoveryStore.Reading> reading = Optional.ofNullable(readings.get(target.name()));
            Optional<Freshness> freshness = reading.map(RecoveryStore.Reading::freshness);
            row.put("state", freshness.map(f -> f.state().name().toLowerCase(java.util.Locale.ROOT)).orElse("unknown"));
            row.put("newest", freshness.flatMap(Freshness::newest).map(Instant::toString).orElse(null));
            row.put("age_seconds", freshness.flatMap(f -> f.age(now)).map(Duration::toSeconds).orElse(null));
            row.put("rpo", Durations.format(target.rpo()));
            row.put("age", freshness.flatMap(f -> f.age(now)).map(age -> Durations.format(age.withNanos(0))).orElse("-"));
            row.put("detail", freshness.map(Freshness::detail).orElse("not measured yet"));
            row.put("measured_at", reading.map(r -> r.measuredAt().toString()).orElse(null));
            row.put("measured_by", reading.map(RecoveryStore.Reading::measuredBy).orElse(null));
            row.put("measured_here", reading.map(r -> r.measuredBy().equals(service.instance().id())).orElse(false));
            Optional<RecoveryStore.Verification> verified = store.verifications(Optional.of(target.name()), 1).stream().findFirst();
            row.put("verify_every", target.backup().verification().map(verify -> verify.every()).filter(java.util.Objects::nonNull)
                    .map(Durations::format).orElse(null));
            row.put("last_verification", verified.map(v -> {
                Map<String, Object> verification = new LinkedHashMap<>();
                verification.put("id", v.id());
                verification.put("started", v.started().toString());
                verification.put("passed", v.passed());
                verification.put("duration_seconds", v.duration().toMillis() / 1000.0);
                verification.put("rto_seconds", target.tier().map(t -> t.rto().toSeconds()).orElse(null));
                verification.put("reason", v.reason());
                verification.put("trigger", v.trigger());
                verification.put("duration", Durations.format(v.duration().withNanos(0)));
                verification.put("rto", target.tier().map(t -> Durations.format(t.rto())).orElse("-"));
                return verification;
            }).orElse(null));
            out.add(row);
        }
        return out;
    }
}
