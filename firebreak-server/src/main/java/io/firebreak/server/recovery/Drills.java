package io.firebreak.server.recovery;

import io.firebreak.core.recovery.DrillDue;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.DrillConfig;
import io.firebreak.server.store.DrillStore;
import io.firebreak.server.store.RecoveryStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The drill calendar: each configured drill with its last run and next due date. A drill done by
 * {@code verify:NAME} counts every passed verification of that backup as a run, so the daily backup
 * validation needs no one to record it.
 */
public final class Drills {
    private final AppConfig config;
    private final DrillStore drills;
    private final RecoveryStore verifications;

    public Drills(AppConfig config, DrillStore drills, RecoveryStore verifications) {
        this.config = config;
        this.drills = drills;
        this.verifications = verifications;
    }

    /** A drill as the calendar shows it. */
    public record Entry(DrillConfig drill, Optional<Instant> lastRun, Optional<Boolean> lastPassed, Optional<Instant> nextDue, boolean overdue) {}

    /** Whether no drills are configured. */
    public boolean isEmpty() {
        return config.drills().isEmpty();
    }

    public List<Entry> calendar(Instant now) {
        return config.drills().stream().map(drill -> entry(drill, now)).toList();
    }

    private Entry entry(DrillConfig drill, Instant now) {
        Optional<DrillStore.Run> last = drills.last(drill.name(), false);
        Optional<Instant> lastPassed = drills.last(drill.name(), true).map(DrillStore.Run::at);
        Optional<Instant> lastAny = last.map(DrillStore.Run::at);
        Optional<Boolean> lastResult = last.map(DrillStore.Run::passed);
        if (drill.doneBy().startsWith("verify:")) {
            String backup = drill.doneBy().substring("verify:".length());
            List<RecoveryStore.Verification> verified = verifications.verifications(Optional.of(backup), 1);
            Optional<RecoveryStore.Verification> lastVerified = verified.stream().findFirst();
            Optional<Instant> lastVerifiedPass = verifications.verifications(Optional.of(backup), 50).stream()
                    .filter(RecoveryStore.Verification::passed).map(RecoveryStore.Verification::started).findFirst();
            lastPassed = Stream.of(lastPassed, lastVerifiedPass).flatMap(Optional::stream).max(Comparator.naturalOrder());
            if (lastVerified.isPresent() && (lastAny.isEmpty() || lastVerified.get().started().isAfter(lastAny.get()))) {
                lastAny = Optional.of(lastVerified.get().started());
                lastResult = Optional.of(lastVerified.get().passed());
            }
        }
        DrillDue due = new DrillDue(lastPassed, drill.every());
        return new Entry(drill, lastAny, lastResult, due.nextDue(), due.overdue(now));
    }
}
