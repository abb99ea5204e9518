package org.thinspice.gateway;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConnectionLimitsTest {
    private static final InetAddress A = InetAddress.getLoopbackAddress();
    private static final InetAddress B;

    static {
        try {
            B = InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void perSourceLimitRefusesOnlyThatSource() {
        ConnectionLimits l = new ConnectionLimits(2, 10);
        assertNull(l.tryAcquire(A));
        assertNull(l.tryAcquire(A));
        assertEquals(Refusal.LIMIT_SOURCE, l.tryAcquire(A));
        assertNull(l.tryAcquire(B));
        assertEquals(3, l.total());
        assertEquals(2, l.fromSource(A));
        l.release(A);
        assertNull(l.tryAcquire(A));
    }

    @Test
    void globalLimitRefusesEveryone() {
        ConnectionLimits l = new ConnectionLimits(5, 3);
        assertNull(l.tryAcquire(A));
        assertNull(l.tryAcquire(A));
        assertNull(l.tryAcquire(B));
        assertEquals(Refusal.LIMIT_GLOBAL, l.tryAcquire(B));
        assertEquals(Refusal.LIMIT_GLOBAL, l.tryAcquire(A));
        assertEquals(3, l.total());
        l.release(B);
        assertNull(l.tryAcquire(A));
    }

    @Test
    void releasingEverythingLeavesNoSourceBehind() {
        ConnectionLimits l = new ConnectionLimits(3, 3);
        l.tryAcquire(A);
        l.tryAcquire(B);
        l.release(A);
        l.release(B);
        assertEquals(0, l.total());
        assertEquals(0, l.sources());
    }

    @Test
    void refusedAttemptsCountNothing() {
        ConnectionLimits l = new ConnectionLimits(1, 1);
        assertNull(l.tryAcquire(A));
        for (int i = 0; i < 5; i++) {
            assertEquals(Refusal.LIMIT_GLOBAL, l.tryAcquire(B));
        }
        l.release(A);
        assertEquals(0, l.total());
        assertEquals(0, l.sources());
        assertNull(l.tryAcquire(B));
    }
}
