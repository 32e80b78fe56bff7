package io.firebreak.server.engine;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.RuleEvaluation;
import io.firebreak.core.rule.RuleState;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.RuleHealth;
import io.firebreak.server.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The rule-evaluation module: at each cycle's {@code now}, every rule that is due is queried (all
 * queries at once, on virtual threads), stepped through its state machine, and its changes are
 * written with their incident decisions. One failing query or store write marks that rule
 * unhealthy and leaves its state as it was; the other rules go on. When no Prometheus answers any
 * query for {@value #BLIND_AFTER} cycles in a row, a "detection blind" incident opens; it resolves
 * when queries succeed again.
 */
public final class DetectionEngine implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DetectionEngine.class);
    public static final int BLIND_AFTER = 2;
    public static final String BLIND_GROUP = "firebreak:detection-blind";
    private static final String BLIND_COUNTER = "blind_cycles";

    private final List<Rule> rules;
    private final MetricSource source;
    private final DetectionStore store;
    private final Duration defaultInterval;
    private final Duration dedupWindow;
    private final Map<String, RuleState> states;
    private final Map<String, Instant> lastEvaluated = new HashMap<>();
    private final EvaluationLog evaluationLog = new EvaluationLog();
    /** At most this many queries in flight: Prometheus runs 20 at once by default (--query.max-concurrency). */
    public static final int MAX_CONCURRENT_QUERIES = 16;

    private final ExecutorService queries = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_CONCURRENT_QUERIES);
    private int blindCycles;
    private boolean standby;
    private final Leadership leadership;
    private final Runnable committed;

    /** An engine that owns the store alone (simulation, tools, tests): it takes the lease under a name of its own. */
    public DetectionEngine(List<Rule> rules, MetricSource source, DetectionStore store, Duration defaultInterval, Duration dedupWindow) {
        this(rules, source, store, defaultInterval, dedupWindow, new Leadership(store.leases(), MODULE,
                Instance.current("detection", java.time.Instant.EPOCH).id(), Leadership.ttlFor(defaultInterval)));
    }

    /** The lease name of rule evaluation. */
    public static final String MODULE = "detection";

    /**
     * @param leadership which instance evaluates: only the holder of the {@value #MODULE} lease does, each cycle,
     *                   from the state in the store whenever the lease changed hands
     */
    public DetectionEngine(List<Rule> rules, MetricSource source, DetectionStore store, Duration defaultInterval, Duration dedupWindow,
                           Leadership leadership) {
        this(rules, source, store, defaultInterval, dedupWindow, leadership, () -> { });
    }

    /**
     * @param committed run as soon as a cycle's transaction that opened, re-opened or resolved an incident has
     *                  committed, before the cycle's bookkeeping (rule health) is written: the service wakes
     *                  delivery with it, so a page waits for nothing but its own commit
     */
    public DetectionEngine(List<Rule> rules, MetricSource source, DetectionStore store, Duration defaultInterval, Duration dedupWindow,
                           Leadership leadership, Runnable committed) {
        this.committed = committed;
        this.leadership = leadership;
        this.rules = List.copyOf(rules);
        this.source = source;
        this.store = store;
        this.defaultInterval = defaultInterval;
        this.dedupWindow = dedupWindow;
        this.states = new HashMap<>(store.loadStates());
        this.blindCycles = store.engineValue(BLIND_COUNTER).map(Integer::parseInt).orElse(0);
    }

    /** What one cycle did; {@code standby} when another instance leads and this one evaluated nothing. */
    public record Cycle(Instant at, int evaluated, List<IncidentChange> changes, List<RuleHealth> health, boolean standby) {
        public Cycle {
            changes = List.copyOf(changes);
            health = List.copyOf(health);
        }

        public Cycle(Instant at, int evaluated, List<IncidentChange> changes, List<RuleHealth> health) {
            this(at, evaluated, changes, health, false);
        }

        public List<RuleHealth> unhealthy() {
            return health.stream().filter(h -> !h.ok()).toList();
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    public Duration interval(Rule rule) {
        return rule.interval().orElse(defaultInterval);
    }

    /** When the next rule is due, given what was evaluated so far. */
    public Instant nextDue(Instant now) {
        Instant next = null;
        for (Rule rule : rules) {
            Instant last = lastEvaluated.get(rule.name());
            Instant due = last == null ? now : last.plus(interval(rule));
            next = next == null || due.isBefore(next) ? due : next;
        }
        return next == null ? now.plus(defaultInterval) : next;
    }

    /** Evaluates every rule whose interval has passed. */
    public synchronized Cycle runDue(Instant now) {
        List<Rule> due = new ArrayList<>();
        for (Rule rule : rules) {
            Instant last = lastEvaluated.get(rule.name());
            if (last == null || !now.isBefore(last.plus(interval(rule))) || now.isBefore(last)) {
                due.add(rule);   // a clock that went backwards re-evaluates rather than waiting out the gap
            }
        }
        return evaluate(due, now);
    }

    /** Evaluates every rule now (for {@code detect --once}). */
    public synchronized Cycle runAll(Instant now) {
        return evaluate(rules, now);
    }

    private Cycle evaluate(List<Rule> due, Instant now) {
        // The lease is taken or renewed every loop, due rules or not, so a leader keeps it between its cycles.
        java.util.OptionalLong term;
        try {
            term = leadership.lead(now);
        } catch (StoreException e) {
            LOG.warn("detection cycle skipped: {}", e.getMessage());
            return new Cycle(now, 0, List.of(), List.of());
        }
        if (term.isEmpty()) {
            // Another instance leads. Rules stay due, so this one asks again at its next loop and
            // takes over as soon as that lease ends.
            standby = true;
            return new Cycle(now, 0, List.of(), List.of(), true);
        }
        try {
            if (leadership.tookOver()) {
                // A new term: whatever this instance remembers may be stale; the store is the truth.
                states.clear();
                states.putAll(store.loadStates());
                blindCycles = store.engineValue(BLIND_COUNTER).map(Integer::parseInt).orElse(0);
            }
        } catch (StoreException e) {
            leadership.lost();
            LOG.warn("detection cycle skipped, cannot load the stored state: {}", e.getMessage());
            return new Cycle(now, 0, List.of(), List.of());
        }
        standby = false;
        if (due.isEmpty()) {
            return new Cycle(now, 0, List.of(), List.of());
        }
        return evaluateHoldingLock(due, now, leadership.fence(term.getAsLong(), now));
    }

    /** Gives up the lease (shutdown), so another instance takes over at once. */
    public void releaseLeadership() {
        try {
            leadership.release();
        } catch (StoreException e) {
            LOG.warn("could not release the detection lease (it expires by itself): {}", e.getMessage());
        }
    }

    /** Whether this engine skipped its last cycle because another instance leads. */
    public boolean standby() {
        return standby;
    }

    private Cycle evaluateHoldingLock(List<Rule> due, Instant now, io.firebreak.server.store.Fence fence) {
        // Each rule's answer goes through its state machine in the task that fetched it, so that the
        // stepping of one rule (100,000 series in a storm) runs beside the fetches of the others.
        // The states are only read here; they change after the cycle's writes.
        List<Future<Timed>> answers = new ArrayList<>();
        for (Rule rule : due) {
            RuleState previous = states.getOrDefault(rule.name(), RuleState.inactive());
            answers.add(queries.submit(() -> {
                inFlight.acquire();
                long started = System.nanoTime();
                QueryResult result;
                try {
                    result = source.query(rule, now);
                } catch (RuntimeException e) {
                    result = new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE, "query failed: " + e);
                } finally {
                    inFlight.release();
                }
                if (!(result instanceof QueryResult.Samples samples)) {
                    return new Timed(result, Duration.ofNanos(System.nanoTime() - started));
                }
                // The samples (100 label maps a rule in a storm, 40 MB for 1,000 rules) are not kept past the step:
                // held until the cycle's end, a collection during its writes would copy them all.
                QueryResult answered = new QueryResult.Samples(List.of(), samples.server());
                try {
                    return new Timed(answered, Duration.ofNanos(System.nanoTime() - started),
                            RuleEvaluation.step(rule, previous, samples.samples(), now), null);
                } catch (RuntimeException e) {
                    return new Timed(answered, Duration.ofNanos(System.nanoTime() - started), null, e);
                }
            }));
        }
        // First every rule's answer through its state machine, then the writes of all of them in one transaction.
        List<Stepped> stepped = new ArrayList<>();
        int unreachable = 0;
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            Rule rule = due.get(i);
            Timed answer = join(answers.get(i));
            lastEvaluated.put(rule.name(), now);
            RuleState previous = states.getOrDefault(rule.name(), RuleState.inactive());
            if (answer.result() instanceof QueryResult.Failure failure) {
                if (failure.kind().worthAnotherServer()) {
                    unreachable++;
                    if (reasons.size() < 3 && !reasons.contains(failure.reason())) {
                        reasons.add(failure.reason());
                    }
                }
                stepped.add(new Stepped(rule, previous, null,
                        failure.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + failure.reason(), answer.took()));
                continue;
            }
            if (answer.stepFailure() != null) {
                LOG.error("evaluating rule {} failed", rule.name(), answer.stepFailure());
                stepped.add(new Stepped(rule, previous, null, "internal error: " + answer.stepFailure(), answer.took()));
            } else {
                stepped.add(new Stepped(rule, previous, answer.stepped(), "", answer.took()));
            }
        }
        long writeStarted = System.nanoTime();
        Written written = write(stepped, now, fence);
        if (written.changes().values().stream().anyMatch(list -> !list.isEmpty())) {
            committed.run();   // the pages are in the outbox: delivery need not wait for the rest of the cycle
        }
        if (written.lost()) {
            leadership.lost();
            standby = true;
            List<IncidentChange> landed = new ArrayList<>();
            for (Stepped rule : stepped) {
                landed.addAll(written.changes().getOrDefault(rule.rule().name(), List.of()));
            }
            return new Cycle(now, 0, landed, List.of(), true);   // the new leader evaluates, from the store
        }
        Map<String, String> writeErrors = written.errors();
        long writing = stepped.stream().filter(s -> s.result() != null).count();
        Duration writeShare = writing == 0 ? Duration.ZERO : Duration.ofNanos((System.nanoTime() - writeStarted) / writing);
        List<IncidentChange> changes = new ArrayList<>();
        List<RuleHealth> health = new ArrayList<>();
        for (Stepped rule : stepped) {
            RuleState state = rule.previous();
            String error = writeErrors.getOrDefault(rule.rule().name(), rule.error());
            Duration took = rule.took();
            if (rule.result() != null) {
                took = took.plus(writeShare);
                if (!writeErrors.containsKey(rule.rule().name())) {
                    state = rule.result().next();
                    states.put(rule.rule().name(), state);
                    changes.addAll(written.changes().getOrDefault(rule.rule().name(), List.of()));
                }
            }
            evaluationLog.evaluated(rule.rule().name(), error, took, now);
            int pending = 0;
            int firing = 0;
            for (AlertInstance instance : state.instances().values()) {   // one pass: a storm's rules hold 100,000 alerts
                if (instance.state() == AlertState.PENDING) {
                    pending++;
                } else if (instance.state() == AlertState.FIRING) {
                    firing++;
                }
            }
            health.add(new RuleHealth(rule.rule().name(), now, took, error.isEmpty(), error, pending, firing));
        }
        blindness(due.size(), unreachable, reasons, now, fence).ifPresent(changes::add);
        try {
            store.recordHealth(health);
        } catch (StoreException e) {
            // health is advisory; the next cycle writes it again
        }
        return new Cycle(now, due.size(), changes, health);
    }

    /** One rule of a cycle after its state machine ran: {@code result} is null when its query or its step failed. */
    private record Stepped(Rule rule, RuleState previous, RuleEvaluation.Result result, String error, Duration took) {}

    /**
     * What {@link #write} did: the incident changes of each rule written, why each failing rule's
     * writes failed, and whether the lease was lost meanwhile (the rules written before stay written).
     */
    private record Written(Map<String, List<IncidentChange>> changes, Map<String, String> errors, boolean lost) {}

    /**
     * Writes every stepped rule in one transaction. If that fails (a store error or a bug in one
     * rule's path), no rule is written and each is written again in a transaction of its own, so
     * that one failing rule is marked unhealthy with its state as it was and the others land.
     */
    private Written write(List<Stepped> stepped, Instant now, io.firebreak.server.store.Fence fence) {
        List<DetectionStore.Evaluation> evaluations = new ArrayList<>();
        for (Stepped rule : stepped) {
            if (rule.result() != null) {
                evaluations.add(new DetectionStore.Evaluation(rule.rule(), rule.previous(), rule.result()));
            }
        }
        try {
            return new Written(store.recordAll(evaluations, dedupWindow, now, fence), Map.of(), false);
        } catch (io.firebreak.server.store.LeaseLostException e) {
            LOG.warn("detection lease lost mid-cycle; standing by: {}", e.getMessage());
            return new Written(Map.of(), Map.of(), true);
        } catch (RuntimeException e) {
            LOG.warn("writing the cycle's {} evaluations at once failed ({}); writing them rule by rule", evaluations.size(),
                    e instanceof StoreException ? e.getMessage() + ": " + rootMessage(e) : e.toString());
        }
        Map<String, List<IncidentChange>> changes = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        for (DetectionStore.Evaluation evaluation : evaluations) {
            String name = evaluation.rule().name();
            try {
                changes.put(name, store.record(evaluation.rule(), evaluation.previous(), evaluation.result(), dedupWindow, now, fence));
            } catch (io.firebreak.server.store.LeaseLostException e) {
                LOG.warn("detection lease lost mid-cycle; standing by: {}", e.getMessage());
                return new Written(changes, errors, true);
            } catch (StoreException e) {
                errors.put(name, "store: " + e.getMessage() + ": " + rootMessage(e));
            } catch (RuntimeException e) {
                // A bug in one rule's path must not stop the others; its state stays as it was.
                LOG.error("recording rule {} failed", name, e);
                errors.put(name, "internal error: " + e);
            }
        }
        return new Written(changes, errors, false);
    }

    private Optional<IncidentChange> blindness(int evaluated, int unreachable, List<String> reasons, Instant now,
                                               io.firebreak.server.store.Fence fence) {
        boolean blind = unreachable == evaluated;
        int before = blindCycles;
        blindCycles = blind ? blindCycles + 1 : 0;
        try {
            if (before != blindCycles) {
                store.setEngineValue(BLIND_COUNTER, Integer.toString(blindCycles));
            }
            if (blind && blindCycles >= BLIND_AFTER) {
                var spec = new NewIncident("Detection blind: no Prometheus answered for " + blindCycles + " cycles",
                        Severity.HIGH, "firebreak", "firebreak:detection", Map.of("alertname", "DetectionBlind"), "",
                        now);
                return store.ensureOpen(BLIND_GROUP, spec, now, fence);
            }
            if (!blind && before > 0) {
                return store.ensureResolved(BLIND_GROUP, "Prometheus answers again", now, fence);
            }
        } catch (StoreException e) {
            // the store is failing too; the rules' health already says so
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return String.valueOf(current.getMessage());
    }

    /** A rule's answer, how long it took with its step, and the step's result (or why it failed) when it was stepped. */
    private record Timed(QueryResult result, Duration took, RuleEvaluation.Result stepped, RuntimeException stepFailure) {
        Timed(QueryResult result, Duration took) {
            this(result, took, null, null);
        }
    }

    private static Timed join(Future<Timed> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Timed(new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, "interrupted"), Duration.ZERO);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Timed(new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE, "query failed: " + e.getCause()), Duration.ZERO);
        }
    }

    @Override
    public void close() {
        releaseLeadership();
        queries.shutdownNow();
    }
}
