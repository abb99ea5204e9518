package org.thinspice.client.core;

import java.time.Duration;

/** Timers for view models (polling, countdowns, idle logout); injected so tests drive time by hand. */
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}. */
    Cancel after(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, first after one period. */
    Cancel every(Duration period, Runnable task);

    /** Milliseconds on this scheduler's clock. */
    long nowMillis();

    @FunctionalInterface
    interface Cancel {
        void cancel();
    }
}
