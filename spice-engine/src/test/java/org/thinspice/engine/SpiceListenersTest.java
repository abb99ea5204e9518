package org.thinspice.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpiceListenersTest {
    @Test
    void teeForwardsEveryEventToEachListenerInOrder() {
        List<String> seen = new ArrayList<>();
        SpiceListener a = new SpiceListener() {
            @Override
            public void onConnectStep(String step, long ms) {
                seen.add("a " + step + " " + ms);
            }
        };
        SpiceListener b = new SpiceListener() {
            @Override
            public void onConnectStep(String step, long ms) {
                seen.add("b " + step);
            }

            @Override
            public void onNotify(int severity, String message) {
                seen.add("b notify " + message);
            }
        };
        SpiceListener tee = SpiceListeners.tee(a, b);
        tee.onConnectStep("main-init", 7);
        tee.onNotify(1, "hi");
        tee.onDisplayMark(0);
        assertEquals(List.of("a main-init 7", "b main-init", "b notify hi"), seen);
    }

    @Test
    void aListenerFailureReachesTheCallerUnwrapped() {
        SpiceListener bad = new SpiceListener() {
            @Override
            public void onDisplayMark(int channelId) {
                throw new IllegalStateException("boom");
            }
        };
        assertThrows(IllegalStateException.class, () -> SpiceListeners.tee(bad).onDisplayMark(0));
    }
}
