package io.firebreak.server.engine;

import io.firebreak.server.store.Fence;
import io.firebreak.server.store.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Which instance runs one engine module. Each loop the instance asks to lead at {@code now}: it
 * gets (or keeps) the module's lease and its fencing token, or stands by while another instance's
 * lease lasts. A token different from the last one means the lease changed hands since this
 * instance last led, so whatever it remembers of the module's state is stale and must be reloaded
 * from the store before deciding anything.
 */
public final class Leadership {
    /** The lease length when none is configured: long enough to ride out a slow cycle, short enough for a quick takeover. */
    public static final Duration MAX_TTL = Duration.ofSeconds(15);
    public static final Duration MIN_TTL = Duration.ofSeconds(2);

    private final Leases leases;
    private final String module;
    private final String holder;
    private final Duration ttl;
    private long token = -1;
    private boolean tookOver;

    public Leadership(Leases leases, String module, String holder, Duration ttl) {
        this.leases = leases;
        this.module = module;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** The lease length for a module that runs every {@code interval}: the interval, within [2 s, 15 s]. */
    public static Duration ttlFor(Duration interval) {
        return interval.compareTo(MIN_TTL) < 0 ? MIN_TTL : interval.compareTo(MAX_TTL) > 0 ? MAX_TTL : interval;
    }

    /** Takes or renews the lease: the fencing token while this instance leads, empty while another does. */
    public OptionalLong lead(Instant now) {
        var lease = leases.acquire(module, holder, now, ttl);
        if (lease.isEmpty()) {
            token = -1;
            tookOver = false;
            return OptionalLong.empty();
        }
        tookOver = lease.get().token() != token;
        token = lease.get().token();
        return OptionalLong.of(token);
    }

    /** Whether the last {@link #lead} started a term: this instance did not lead with this token before. */
    public boolean tookOver() {
        return tookOver;
    }

    /** The check every write of this term makes inside its transaction. */
    public Fence fence(long term, Instant now) {
        return handle -> Leases.fence(handle, module, holder, term, now);
    }

    /** A write was refused: the lease is gone; the next {@link #lead} starts a new term (and a reload). */
    public void lost() {
        token = -1;
    }

    /** Gives the lease up at shutdown, so a standby takes over at its next loop. */
    public void release() {
        if (token >= 0) {
            leases.release(module, holder, token);
            token = -1;
        }
    }

    public String module() {
        return module;
    }

    public String holder() {
        return holder;
    }
}
