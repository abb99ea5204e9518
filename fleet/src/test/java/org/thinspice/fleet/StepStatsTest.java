package org.thinspice.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StepStatsTest {
    @Test
    void nearestRankQuantilesInMilliseconds() {
        StepStats s = new StepStats();
        for (int i = 1; i <= 100; i++) {
            s.ok(Step.SIGN_IN, i * 1_000_000L);
        }
        assertEquals(50.0, s.quantileMillis(Step.SIGN_IN, 0.5));
        assertEquals(99.0, s.quantileMillis(Step.SIGN_IN, 0.99));
        assertEquals(100.0, s.quantileMillis(Step.SIGN_IN, 1.0));
        assertEquals(1.0, s.quantileMillis(Step.SIGN_IN, 0.0));
        assertTrue(Double.isNaN(s.quantileMillis(Step.LIST, 0.5)));
    }

    @Test
    void failuresAreCountedByReasonAndShownOnlyForStepsThatRan() {
        StepStats s = new StepStats();
        s.failed(Step.SPICE_CONNECT, "spice_timeout");
        s.failed(Step.SPICE_CONNECT, "spice_timeout");
        s.failed(Step.SPICE_CONNECT, "spice_auth");
        s.ok(Step.ENROL, 2_000_000L);
        assertEquals(3, s.failureCount(Step.SPICE_CONNECT));
        assertEquals(Map.of("spice_auth", 1L, "spice_timeout", 2L), s.failures(Step.SPICE_CONNECT));
        String table = s.table();
        assertTrue(table.contains("enrol"), table);
        assertTrue(table.contains("spice_timeout=2"), table);
        assertTrue(!table.contains("sign-out"), table);
    }
}
