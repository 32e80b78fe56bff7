package io.firebreak.bench;

import io.firebreak.core.incident.IncidentId;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The incidents of a store that has run for three years, drawn from a fixed seed so SQLite and
 * PostgreSQL get the same rows: one incident every {@code span / count}, a few hundred still open
 * (most of them recent), the rest resolved, closed or in post-mortem; weighted services and
 * severities; on average {@code events / count} timeline events each, between detection and
 * resolution. Only what the timeline generator needs is kept per incident (times, status, id).
 */
final class ScaleData {
    static final String[] SERVICES = {"agente-api", "checkout", "payments", "search", "auth", "catalog", "shipping", "notifications"};
    private static final int[] SERVICE_WEIGHTS = {25, 18, 15, 12, 10, 8, 7, 5};
    static final String[] SEVERITIES = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};
    private static final int[] SEVERITY_WEIGHTS = {4, 16, 45, 35};
    private static final String[] OPEN = {"TRIGGERED", "ACKNOWLEDGED", "INVESTIGATING", "IDENTIFIED", "MONITORING"};
    private static final int[] OPEN_WEIGHTS = {30, 25, 20, 15, 10};
    static final String[] PEOPLE = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar"};
    private static final String[][] ALERTS = {
            {"HighErrorRate", "High error rate on %s", "docs/runbooks/02-high-error-rate.md"},
            {"HighLatency", "p99 latency above SLO on %s", "docs/runbooks/03-high-latency.md"},
            {"DatabaseDown", "Database unreachable from %s", "docs/runbooks/01-database-down.md"},
            {"CircuitBreakerOpen", "Circuit breaker open in %s", "docs/runbooks/04-circuit-breaker-open.md"},
            {"PodCrashLooping", "Pods crash-looping in %s", ""},
            {"DiskFilling", "Disk filling up on %s hosts", ""}};

    final int count;
    final long events;
    final Instant now;
    final String[] ids;
    final long[] detected;
    final long[] acknowledged;   // 0: none
    final long[] resolved;       // 0: none
    final byte[] status;         // index into STATUSES
    final byte[] severity;
    final byte[] service;
    final byte[] alert;
    final int openCount;

    static final String[] STATUSES = {"TRIGGERED", "ACKNOWLEDGED", "INVESTIGATING", "IDENTIFIED", "MONITORING", "RESOLVED", "POSTMORTEM", "CLOSED"};

    ScaleData(int count, long events, Instant now, long seed) {
        this.count = count;
        this.events = events;
        this.now = now;
        this.ids = new String[count];
        this.detected = new long[count];
        this.acknowledged = new long[count];
        this.resolved = new long[count];
        this.status = new byte[count];
        this.severity = new byte[count];
        this.service = new byte[count];
        this.alert = new byte[count];
        SplittableRandom random = new SplittableRandom(seed);
        long end = now.minus(Duration.ofHours(1)).toEpochMilli();
        long start = now.minus(Duration.ofDays(3 * 365)).toEpochMilli();
        long step = Math.max(1, (end - start) / count);
        // A few hundred open: four in five among the last two weeks, the rest anywhere (forgotten ones).
        int open = (int) Math.max(3, Math.min(300, Math.round(count * 0.0003)));
        boolean[] isOpen = new boolean[count];
        int recent = (int) Math.min(count, Duration.ofDays(14).toMillis() / step + 1);
        int chosen = 0;
        while (chosen < open && chosen < count) {
            int index = chosen * 5 < open * 4 ? count - 1 - random.nextInt(recent) : random.nextInt(count);
            if (!isOpen[index]) {
                isOpen[index] = true;
                chosen++;
            }
        }
        this.openCount = chosen;
        String day = "";
        int number = 0;
        for (int i = 0; i < count; i++) {
            long at = start + i * step + random.nextLong(Math.max(1, step / 2));
            detected[i] = at;
            String dayKey = IncidentId.dayKey(Instant.ofEpochMilli(at));
            number = dayKey.equals(day) ? number + 1 : 1;
            day = dayKey;
            ids[i] = IncidentId.of(Instant.ofEpochMilli(at), number).toString();
            severity[i] = (byte) weighted(random, SEVERITY_WEIGHTS);
            service[i] = (byte) weighted(random, SERVICE_WEIGHTS);
            alert[i] = (byte) random.nextInt(ALERTS.length);
            if (isOpen[i]) {
                status[i] = (byte) weighted(random, OPEN_WEIGHTS);
                acknowledged[i] = status[i] == 0 ? 0 : Math.min(end, at + 30_000 + random.nextLong(30 * 60_000));
            } else {
                int roll = random.nextInt(100);
                status[i] = (byte) (roll < 60 ? 5 : roll < 95 ? 7 : 6);
                acknowledged[i] = at + 30_000 + random.nextLong(30 * 60_000);
                resolved[i] = Math.min(end, acknowledged[i] + 5 * 60_000 + random.nextLong(8 * 3_600_000L));
            }
        }
    }

    private static int weighted(SplittableRandom random, int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    boolean open(int i) {
        return status[i] < 5;
    }

    String title(int i) {
        return String.format(ALERTS[alert[i]][1], SERVICES[service[i]]);
    }

    /** One incident's columns, in {@link #INCIDENT_COLUMNS} order; null for SQL NULL. */
    Object[] incidentRow(int i) {
        String serviceName = SERVICES[service[i]];
        String[] kind = ALERTS[alert[i]];
        String commander = status[i] == 0 ? "" : PEOPLE[(i * 7) % PEOPLE.length];
        String responders = status[i] == 0 ? "[]" : "[\"" + PEOPLE[(i * 11) % PEOPLE.length] + "\",\"" + PEOPLE[(i * 13 + 1) % PEOPLE.length] + "\"]";
        String labels = "{\"alertname\":\"" + kind[0] + "\",\"service\":\"" + serviceName + "\",\"severity\":\""
                + SEVERITIES[severity[i]].toLowerCase(java.util.Locale.ROOT) + "\",\"instance\":\"10.0." + (i % 200) + "." + (i % 97) + ":8080\"}";
        String source = i % 10 < 6 ? "rule" : i % 10 < 9 ? "alertmanager" : "manual";
        long impact = detected[i] - (i % 900) * 1000L;
        long updated = resolved[i] != 0 ? resolved[i] : acknowledged[i] != 0 ? acknowledged[i] : detected[i];
        String dayKey = ids[i].substring(4, 12);
        int number = Integer.parseInt(ids[i].substring(13));
        return new Object[] {ids[i], dayKey, number, title(i), SEVERITIES[severity[i]], STATUSES[status[i]], serviceName, source, labels,
                kind[2], "", commander, responders, impact, detected[i], acknowledged[i] == 0 ? null : acknowledged[i],
                resolved[i] == 0 ? null : resolved[i], updated, 1, source.equals("manual") ? null : source + ":" + kind[0] + ":" + serviceName};
    }

    static final String INCIDENT_COLUMNS = "id, day, number, title, severity, status, service, source, labels, runbook, public_summary, "
            + "commander, responders, impact_started, detected, acknowledged, resolved, updated, version, group_key";

    static final String EVENT_COLUMNS = "incident_id, seq, occurred_at, actor, type, from_status, to_status, message";

    /** Events of incident {@code i}: the average, varied by ±half of it in pairs that cancel, so the total is exact. */
    int eventCount(int i) {
        long base = events / count;
        long extra = (events % count) > i ? 1 : 0;
        long swing = base / 2 == 0 ? 0 : ((i * 2_654_435_761L) >>> 7) % (base / 2 + 1);
        long n = i % 2 == 0 && i + 1 < count ? base + swing : i % 2 == 1 ? base - swingOf(i - 1, base) : base;
        return (int) Math.max(3, n + extra);   // opened, acknowledged, resolved at least
    }

    private static long swingOf(int i, long base) {
        return base / 2 == 0 ? 0 : ((i * 2_654_435_761L) >>> 7) % (base / 2 + 1);
    }

    /** Writes incident {@code i}'s timeline through {@code sink}, oldest first. */
    void events(int i, EventSink sink) {
        int n = eventCount(i);
        long from = detected[i];
        long to = resolved[i] != 0 ? resolved[i] : Math.min(now.toEpochMilli() - 1000, Math.max(from + 1000, acknowledged[i]) + n * 60_000L);
        String id = ids[i];
        sink.event(id, 1, from, "detection", "OPENED", null, "TRIGGERED", "Opened: " + title(i));
        boolean ack = acknowledged[i] != 0;
        int middle = n - 1 - (open(i) ? 0 : 1) - (ack ? 1 : 0);
        int seq = 1;
        if (ack) {
            sink.event(id, ++seq, acknowledged[i], PEOPLE[(i * 7) % PEOPLE.length], "ACKNOWLEDGED", "TRIGGERED", "ACKNOWLEDGED", "Acknowledged");
        }
        long first = ack ? acknowledged[i] : from;
        long gap = Math.max(1, (to - first) / (middle + 1));
        for (int k = 1; k <= middle; k++) {
            long at = first + k * gap;
            String actor = PEOPLE[(i + k) % PEOPLE.length];
            switch ((i + k * 3) % 10) {
                case 0, 1, 2, 3 -> sink.event(id, ++seq, at, actor, "NOTE", null, null, "Checked dashboards; error budget burn " + (k * 7 % 100) + "% of the hour");
                case 4, 5 -> sink.event(id, ++seq, at, "escalation", "PAGED", null, null, "Paged " + actor + " by slack and sms (step " + k + ")");
                case 6 -> sink.event(id, ++seq, at, actor, "STATUS_CHANGED", "ACKNOWLEDGED", "INVESTIGATING", "Investigating");
                case 7 -> sink.event(id, ++seq, at, actor, "PUBLIC_UPDATE", null, null, "We are investigating elevated errors on " + SERVICES[service[i]]);
                case 8 -> sink.event(id, ++seq, at, actor, "RESPONDER_ADDED", null, null, PEOPLE[(i + k + 5) % PEOPLE.length] + " joined");
                default -> sink.event(id, ++seq, at, actor, "COMMANDER_ASSIGNED", null, null, actor + " is the incident commander");
            }
        }
        if (!open(i)) {
            sink.event(id, ++seq, resolved[i], PEOPLE[(i * 7) % PEOPLE.length], "RESOLVED", "INVESTIGATING", "RESOLVED", "Resolved: rolled back the release");
        }
    }

    /** Receives timeline rows. */
    interface EventSink {
        void event(String incidentId, int seq, long at, String actor, String type, String from, String to, String message);
    }
}
