package org.thinspice.testbed;

import java.time.Duration;

/** Stops processes by pid: SIGTERM, bounded wait, SIGKILL. Plus a JVM shutdown-hook safety net. */
public final class Processes {
    private Processes() {
    }

    /** Stops {@code process}: destroy, wait up to {@code grace}, destroyForcibly, wait again. Null-safe. */
    public static void stop(Process process, Duration grace) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Stops the process with {@code pid} (if alive) the same way. */
    public static void stop(long pid, Duration grace) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Registers {@code resource} to be closed by a JVM shutdown hook if still registered at exit
     * (safety net only; tests close in {@code @AfterEach}/try-with-resources). Returns it.
     */
    public static <T extends AutoCloseable> T closeAtExit(T resource) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Removes {@code resource} from the shutdown-hook registry (after it was closed normally). */
    public static void forget(AutoCloseable resource) {
        throw new UnsupportedOperationException("skeleton");
    }
}
