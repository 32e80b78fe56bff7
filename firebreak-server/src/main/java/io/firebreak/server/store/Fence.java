package io.firebreak.server.store;

import org.jdbi.v3.core.Handle;

/**
 * A check a writer runs first inside its transaction: whether it may still write (it still holds
 * the lease it decided under). A failed check aborts the transaction with {@link LeaseLostException}.
 */
@FunctionalInterface
public interface Fence {
    boolean holds(Handle handle);

    /** No check: a single process that owns the store (simulation, tools). */
    Fence NONE = handle -> true;

    /** Throws {@link LeaseLostException} (rolling the transaction back) unless this fence holds. */
    default void check(Handle handle, String what) {
        if (!holds(handle)) {
            throw new LeaseLostException("lost the lease before writing " + what + "; another instance leads now");
        }
    }
}
