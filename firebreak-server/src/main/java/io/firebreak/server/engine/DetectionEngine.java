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
        List<Future<Timed>> answers = new ArrayList<>();
        for (Rule rule : due) {
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
                return new Timed(result, Duration.ofNanos(System.nanoTime() - started));
            }));
        }
        List<IncidentChange> changes = new ArrayList<>();
        List<RuleHealth> health = new ArrayList<>();
        int unreachable = 0;
        List<String> reasons = new ArrayList<>();
        boolean lost = false;
        for (int i = 0; i < due.size(); i++) {
            Rule rule = due.get(i);
            Timed answer = join(answers.get(i));
            if (lost) {
                continue;   // the lease is gone: the new leader evaluates, from the store
            }
            lastEvaluated.put(rule.name(), now);
            RuleState previous = states.getOrDefault(rule.name(), RuleState.inactive());
            String error = "";
            long started = System.nanoTime();
            if (answer.result() instanceof QueryResult.Failure failure) {
                error = failure.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + failure.reason();
                if (failure.kind().worthAnotherServer()) {
                    unreachable++;
                    if (reasons.size() < 3 && !reasons.contains(failure.reason())) {
                        reasons.add(failure.reason());
                    }
                }
            } else {
                var samples = ((QueryResult.Samples) answer.result()).samples();
                RuleEvaluation.Result result = RuleEvaluation.step(rule, previous, samples, now);
                try {
                    changes.addAll(store.record(rule, previous, result, dedupWindow, now, fence));
                    states.put(rule.name(), result.next());
                    previous = result.next();
                } catch (io.firebreak.server.store.LeaseLostException e) {
                    LOG.warn("detection lease lost mid-cycle; standing by: {}", e.getMessage());
                    leadership.lost();
                    standby = true;
                    lost = true;
                    continue;
                } catch (StoreException e) {
                    error = "store: " + e.getMessage() + ": " + rootMessage(e);
                } catch (RuntimeException e) {
                    // A bug in one rule's path must not stop the others; its state stays as it was.
                    LOG.error("evaluating rule {} failed", rule.name(), e);
                    error = "internal error: " + e;
                }
            }
            Duration took = answer.took().plus(Duration.ofNanos(System.nanoTime() - started));
            evaluationLog.evaluated(rule.name(), error, took, now);
            health.add(new RuleHealth(rule.name(), now, took, error.isEmpty(), error,
                    count(previous, AlertState.PENDING), count(previous, AlertState.FIRING)));
        }
        if (lost) {
            return new Cycle(now, 0, changes, List.of(), true);
        }
        blindness(due.size(), unreachable, reasons, now, fence).ifPresent(changes::add);
        try {
            store.recordHealth(health);
        } catch (StoreException e) {
            // health is advisory; the next cycle writes it again
        }
        return new Cycle(now, due.size(), changes, health);
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

    private static int count(RuleState state, AlertState wanted) {
        int n = 0;
        for (AlertInstance instance : state.instances().values()) {
            if (instance.state() == wanted) {
                n++;
            }
        }
        return n;
    }

    private static String rootMessage(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return String.valueOf(current.getMessage());
    }

    private record Timed(QueryResult result, Duration took) {}

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
