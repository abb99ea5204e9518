package org.thinspice.engine.display;

/**
 * Runs a task after a delay on the display channel's event loop (a fake in tests, so frame scheduling is
 * tested without sleeps).
 */
@FunctionalInterface
public interface FrameTimer {
    /** Schedules {@code task} in {@code delayMillis}; returns what cancels it. */
    Runnable schedule(Runnable task, long delayMillis);
}
