package org.thinspice.testbed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Stops processes by pid: SIGTERM, bounded wait, SIGKILL. Plus a JVM shutdown-hook safety net. */
public final class Processes {
    private static final Set<AutoCloseable> AT_EXIT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::closeAll, "testbed-cleanup"));
    }

    private Processes() {
    }

    /** Stops {@code process}: destroy, wait up to {@code grace}, destroyForcibly, wait again. Null-safe. */
    public static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        stop(process.toHandle(), grace);
    }

    /** Stops the process with {@code pid} (if alive) the same way. */
    public static void stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        handle.ifPresent(h -> stop(h, grace));
    }

    private static void stop(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!awaitExit(handle, grace)) {
            handle.destroyForcibly();
            awaitExit(handle, Duration.ofSeconds(5));
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }

    /**
     * Registers {@code resource} to be closed by a JVM shutdown hook if still registered at exit
     * (safety net only; tests close in {@code @AfterEach}/try-with-resources). Returns it.
     */
    public static <T extends AutoCloseable> T closeAtExit(T resource) {
        AT_EXIT.add(resource);
        return resource;
    }

    /** Removes {@code resource} from the shutdown-hook registry (after it was closed normally). */
    public static void forget(AutoCloseable resource) {
        AT_EXIT.remove(resource);
    }

    private static void closeAll() {
        for (AutoCloseable c : new ArrayList<>(AT_EXIT)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort at JVM exit; nothing left to report to
            }
        }
    }

    /** Last {@code maxChars} characters of a text (for error messages). */
    static String tail(String text, int maxChars) {
        return text.length() <= maxChars ? text : "..." + text.substring(text.length() - maxChars);
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}
