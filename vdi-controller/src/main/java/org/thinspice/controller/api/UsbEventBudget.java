package org.thinspice.controller.api;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many USB events one session may report per minute, so a flapping device or a broken terminal cannot
 * flood the audit. Kept in this controller's memory (a second controller on the same store keeps its own
 * count); the table is swept of finished windows when it grows past {@link #MAX_SESSIONS}.
 */
final class UsbEventBudget {
    static final int PER_MINUTE = 120;
    static final int MAX_SESSIONS = 10_000;
    private static final long WINDOW_MS = 60_000;
    private final Clock clock;
    private final ConcurrentHashMap<String, long[]> windows = new ConcurrentHashMap<>();

    UsbEventBudget(Clock clock) {
        this.clock = clock;
    }

    /** 0 when the session may report one more event now, else the seconds until it may. */
    int take(String sessionKey) {
        long now = clock.millis();
        if (windows.size() > MAX_SESSIONS) {
            windows.values().removeIf(w -> now - w[0] >= WINDOW_MS);
        }
        long[] result = new long[1];
        windows.compute(sessionKey, (k, w) -> {
            if (w == null || now - w[0] >= WINDOW_MS) {
                return new long[] {now, 1};
            }
            if (w[1] >= PER_MINUTE) {
                result[0] = Math.max(1, (w[0] + WINDOW_MS - now + 999) / 1000);
                return w;
            }
            w[1]++;
            return w;
        });
        return (int) result[0];
    }

    /** Sessions in the table (for tests). */
    int sessions() {
        return windows.size();
    }
}
