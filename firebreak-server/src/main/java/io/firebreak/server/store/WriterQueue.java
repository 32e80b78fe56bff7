package io.firebreak.server.store;

import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Makes the transactions of one process on a SQLite file queue in the process, first come first
 * served, before they ask SQLite for its one write lock. SQLite alone makes a second writer poll:
 * its busy handler sleeps 1, 2, 5, 10 ms and more between tries, so a transaction that starts while
 * another commits (delivery claiming a page while the engine writes rule health, lease renewals,
 * expiry) lost those sleeps, however short the transaction it waited for. Queued here, it starts
 * the moment the one before it ends. Writers in other processes (CLI commands on the same file)
 * still meet SQLite's busy timeout, as before: this only orders the service's own threads.
 *
 * <p>Only whole transactions ({@code inTransaction}) queue; the lock is reentrant, so a nested one
 * on the same thread goes on. With IMMEDIATE transactions every one of them writes-locks the file
 * anyway, so the queue costs no concurrency SQLite would have allowed. A transaction waits its turn
 * for at most {@link #MAX_WAIT_MILLIS} (the connection's busy timeout) and then asks SQLite as it
 * did before the queue: a thread that waited inside a transaction on another thread's transaction
 * fails as it did with SQLite's busy timeout, rather than waiting forever.
 */
final class WriterQueue implements TransactionHandler {
    /** As long as SQLite's {@code busy_timeout} in {@link Database}: no transaction waits longer here than it would there. */
    static final long MAX_WAIT_MILLIS = 15_000;

    private final TransactionHandler delegate;
    private final ReentrantLock turn;

    WriterQueue(TransactionHandler delegate) {
        this(delegate, new ReentrantLock(true));
    }

    private WriterQueue(TransactionHandler delegate, ReentrantLock turn) {
        this.delegate = delegate;
        this.turn = turn;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        boolean queued = takeTurn();
        try {
            return delegate.inTransaction(handle, callback);
        } finally {
            if (queued) {
                turn.unlock();
            }
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback)
            throws X {
        boolean queued = takeTurn();
        try {
            return delegate.inTransaction(handle, level, callback);
        } finally {
            if (queued) {
                turn.unlock();
            }
        }
    }

    /** Whether this thread got its turn (and must give it back); false after {@link #MAX_WAIT_MILLIS} or an interrupt. */
    private boolean takeTurn() {
        try {
            return turn.tryLock(MAX_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // SQLite's own wait decides, as without the queue
            return false;
        }
    }

    /** Jdbi binds a handler to each handle; the bound one queues on the same lock. */
    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
        return new WriterQueue(delegate.specialize(handle), turn);
    }

    @Override
    public void begin(Handle handle) {
        delegate.begin(handle);
    }

    @Override
    public void commit(Handle handle) {
        delegate.commit(handle);
    }

    @Override
    public void rollback(Handle handle) {
        delegate.rollback(handle);
    }

    @Override
    public boolean isInTransaction(Handle handle) {
        return delegate.isInTransaction(handle);
    }

    @Override
    public void savepoint(Handle handle, String name) {
        delegate.savepoint(handle, name);
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
        delegate.rollbackToSavepoint(handle, name);
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
        delegate.releaseSavepoint(handle, name);
    }
}
