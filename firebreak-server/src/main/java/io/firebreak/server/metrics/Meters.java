package io.firebreak.server.metrics;

import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.notify.DeliveryWorker;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.RuleHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every meter Firebreak exposes at {@code /metrics}, named in one place. Names follow Prometheus
 * conventions ({@code firebreak_} prefix, {@code _total} counters, base units in seconds).
 */
public final class Meters implements DeliveryWorker.Listener, io.firebreak.server.engine.EscalationModule.Listener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer cycle;

    public Meters() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        cycle = Timer.builder("firebreak.detection.cycle").description("Duration of one detection cycle").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    public <T> T timeCycle(Supplier<T> cycleWork) {
        return cycle.record(cycleWork);
    }

    /** One detection cycle's rule evaluations: count, duration and failures per rule. */
    public void evaluated(DetectionEngine.Cycle cycleResult) {
        for (RuleHealth health : cycleResult.health()) {
            Counter.builder("firebreak.rule.evaluations").description("Rule evaluations").tag("rule", health.rule())
                    .register(registry).increment();
            Timer.builder("firebreak.rule.evaluation.duration").description("Duration of one rule's query and evaluation")
                    .tag("rule", health.rule()).register(registry).record(health.duration());
            if (!health.ok()) {
                Counter.builder("firebreak.rule.evaluation.failures").description("Rule evaluations that failed")
                        .tag("rule", health.rule()).register(registry).increment();
            }
        }
    }

    private final java.util.concurrent.ConcurrentMap<String, Counter> ingestedCounters = new java.util.concurrent.ConcurrentHashMap<>();

    /** Alerts accepted from one source ({@code alertmanager}, {@code push}, {@code api}). */
    public void ingested(String source, int accepted, int rejected) {
        ingestedCounters.computeIfAbsent(source, key -> Counter.builder("firebreak.alerts.ingested").description("Alerts stored, by source")
                .tag("source", source).register(registry)).increment(accepted);
        if (rejected > 0) {
            Counter.builder("firebreak.alerts.rejected").description("Alerts refused as invalid, by source").tag("source", source)
                    .register(registry).increment(rejected);
        }
    }

    /** Alerts answered 503 because the store could not take them (the sender retries). */
    public void unavailable(String source, int alerts) {
        Counter.builder("firebreak.alerts.unavailable").description("Alerts answered 503 because the store was unavailable, by source")
                .tag("source", source).register(registry).increment(alerts);
    }

    public void incidentChanged(IncidentChange change) {
        Counter.builder("firebreak.incident.changes").description("Incidents opened, re-opened and resolved by detection or ingestion")
                .tag("change", change.kind().wireName()).tag("severity", change.incident().severity().sev())
                .register(registry).increment();
    }

    @Override
    public void attempted(String channel, String outcome) {
        String name = "delivered".equals(outcome) ? "firebreak.notifications.sent" : "firebreak.notifications.failed";
        var builder = Counter.builder(name).tag("channel", channel);
        if (!"delivered".equals(outcome)) {
            builder.tag("retry", "retrying".equals(outcome) ? "true" : "false");
        }
        builder.description("Notification attempts by channel").register(registry).increment();
    }

    private Counter pages;
    private Counter unrouted;

    /** Pages queued by escalation, and targets that reached nobody (an empty schedule, a person without contact). */
    @Override
    public synchronized void escalated(int pagesQueued, int pagedNobody) {
        if (pages == null) {
            pages = Counter.builder("firebreak.escalation.pages").description("People and channels paged by escalation policies")
                    .register(registry);
            unrouted = Counter.builder("firebreak.escalation.unrouted")
                    .description("Escalation targets that reached nobody (an empty schedule, a person without a usable contact)")
                    .register(registry);
        }
        pages.increment(pagesQueued);
        unrouted.increment(pagedNobody);
    }

    /** A gauge read at scrape time from the store. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    private final java.util.concurrent.ConcurrentMap<String, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();

    /** HTTP requests, by method, matched route and status (one timer per combination, looked up without building an id). */
    public void request(String method, String route, int status, Duration took) {
        requestTimers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder("firebreak.http.requests")
                .description("HTTP requests").tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry)).record(took);
    }
}
