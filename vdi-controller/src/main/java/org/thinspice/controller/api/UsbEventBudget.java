package org.thinspice.controller.api;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.thinspice.controller.store.Store;

/**
 * How many USB events one session may report per minute, so a flapping device or a broken terminal cannot
 * flood the audit. Counted in the store ({@code usb_event_windows}), so every controller on it spends from the
 * same budget; finished windows are swept at most once a minute per controller.
 */
final class UsbEventBudget {
    static final int PER_MINUTE = 120;
    static final long WINDOW_MS = 60_000;
    private final Store store;
    private final Clock clock;
    private final AtomicLong lastSweep = new AtomicLong();

    UsbEventBudget(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** 0 when the session may report one more event now, else the seconds until it may. */
    int take(String sessionKey) throws SQLException {
        long now = clock.millis();
        long last = lastSweep.get();
        if (now - last >= WINDOW_MS && lastSweep.compareAndSet(last, now)) {
            store.usbEventWindows().sweep(now - WINDOW_MS);
        }
        long waitMs = store.usbEventWindows().take(sessionKey, now, WINDOW_MS, PER_MINUTE);
        return waitMs == 0 ? 0 : (int) Math.max(1, (waitMs + 999) / 1000);
    }
}
