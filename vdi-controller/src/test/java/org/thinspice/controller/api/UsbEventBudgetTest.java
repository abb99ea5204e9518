package org.thinspice.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.store.Store;

/**
 * A session's USB events per minute, counted in the store: the 121st waits for the window to end; other sessions are
 * not affected; two controllers on one store share the budget, even racing.
 */
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

    private Store store;

    @BeforeEach
    void open() throws Exception {
        store = Store.open("jdbc:h2:file:" + Files.createTempDirectory("ts-usbbudget").resolve("store"), "", "", 4);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSessionGetsItsMinutesWorthThenWaits() throws Exception {
        UsbEventBudget b = new UsbEventBudget(store, clock);
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
    void twoControllersOnOneStoreSpendFromTheSameBudgetEvenAtOnce() throws Exception {
        UsbEventBudget a = new UsbEventBudget(store, clock);
        UsbEventBudget b = new UsbEventBudget(store, clock);
        // 4 threads, two per "controller", race for 200 events of one session: exactly 120 go through
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            UsbEventBudget mine = t % 2 == 0 ? a : b;
            runs.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    if (mine.take("shared") == 0) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(UsbEventBudget.PER_MINUTE, granted.get(), "the budget is one, whichever controller counts");
        assertTrue(b.take("shared") > 0 && a.take("shared") > 0, "both refuse the 201st and 202nd");
    }

    @Test
    void finishedWindowsAreSwept() throws Exception {
        UsbEventBudget b = new UsbEventBudget(store, clock);
        for (int i = 0; i < 50; i++) {
            b.take("s" + i);
        }
        assertEquals(50, store.usbEventWindows().count());
        now.addAndGet(30_000);
        b.take("half-way");
        assertEquals(51, store.usbEventWindows().count(), "windows still running are kept (no sweep within a minute)");
        now.addAndGet(30_001);
        b.take("fresh");
        assertEquals(2, store.usbEventWindows().count(), "the finished windows are gone; the running one and the new one stay");
    }
}
