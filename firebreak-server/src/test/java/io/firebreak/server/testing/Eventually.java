package io.firebreak.server.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls for something a real external process does in its own time, up to a deadline (never a fixed sleep). */
public final class Eventually {
    private Eventually() {}

    /** The first present value of {@code probe} within {@code limit}; fails naming {@code what} and {@code context} otherwise. */
    public static <T> T await(Duration limit, String what, Supplier<Optional<T>> probe, Supplier<String> context) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit.toSeconds() + " s; " + context.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
