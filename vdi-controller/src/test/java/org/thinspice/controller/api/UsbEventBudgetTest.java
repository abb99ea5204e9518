package org.thinspice.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A session's USB events per minute: the 121st waits for the window to end; other sessions are not affected. */
class UsbEventBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void aSessionGetsItsMinutesWorthThenWaits() {
        UsbEventBudget b = new UsbEventBudget(clock);
        for (int i = 0; i < UsbEventBudget.PER_MINUTE; i++) {
            assertEquals(0, b.take("s1"), "event " + (i + 1));
        }
        now.addAndGet(20_500);
        assertEquals(40, b.take("s1"), "seconds left in the window, rounded up");
        assertEquals(0, b.take("s2"), "another session has its own budget");
        now.addAndGet(39_500);
        assertEquals(0, b.take("s1"), "a new window");
    }

    @Test
    void theTableIsSweptOfFinishedWindowsWhenItGrows() {
        UsbEventBudget b = new UsbEventBudget(clock);
        for (int i = 0; i <= UsbEventBudget.MAX_SESSIONS; i++) {
            b.take("s" + i);
        }
        assertEquals(UsbEventBudget.MAX_SESSIONS + 1, b.sessions());
        now.addAndGet(30_000);
        b.take("half-way");
        assertEquals(UsbEventBudget.MAX_SESSIONS + 2, b.sessions(), "windows still running are kept");
        now.addAndGet(30_000);
        b.take("fresh");
        assertEquals(2, b.sessions(), "the finished windows are gone; the running one and the new one stay");
    }
}
