package io.firebreak.server.testing;

import java.time.Instant;

/**
 * Keeps a {@link MutableClock} at the wall-clock time, for end-to-end tests with real Prometheus and
 * Alertmanager processes, which live in real time: a daemon thread sets it every 50 ms until closed.
 */
public final class WallClock implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    private WallClock(MutableClock clock) {
        clock.set(Instant.now());
        this.thread = Thread.ofPlatform().daemon().name("wall-clock").start(() -> {
            while (running) {
                clock.set(Instant.now());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Sets {@code clock} to now and keeps it there. */
    public static WallClock follow(MutableClock clock) {
        return new WallClock(clock);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
