package io.firebreak.core.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The RTO clock of one incident: from impact start against its tier's RTO. Warnings at 50 % and 80 %, the
 * breach at 100 %; each mark is passed once, so a caller that remembers the marks already recorded
 * gets each one exactly once even when the clock jumps past several.
 */
public final class RtoClock {
    /** A point on the clock; {@code percent} 100 is the breach. */
    public enum Mark {
        HALF(50), MOST(80), BREACH(100);

        private final int percent;

        Mark(int percent) {
            this.percent = percent;
        }

        public int percent() {
            return percent;
        }

        /** When this mark is reached for an incident whose impact started at {@code start}. */
        public Instant at(Instant start, Duration rto) {
            return start.plus(rto.multipliedBy(percent).dividedBy(100));
        }
    }

    private RtoClock() {}

    /** The marks reached at {@code now} that are not in {@code recorded}, earliest first. */
    public static List<Mark> due(Instant impactStarted, Duration rto, Instant now, Set<Mark> recorded) {
        List<Mark> due = new ArrayList<>();
        for (Mark mark : Mark.values()) {
            if (!recorded.contains(mark) && !now.isBefore(mark.at(impactStarted, rto))) {
                due.add(mark);
            }
        }
        return due;
    }

    /** Whether an incident resolved at {@code resolved} met its RTO (resolved at exactly the RTO meets it). */
    public static boolean met(Instant impactStarted, Instant resolved, Duration rto) {
        return Duration.between(impactStarted, resolved).compareTo(rto) <= 0;
    }
}
