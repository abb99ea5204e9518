package org.thinspice.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.fleet.lab.AuditCheck;
import org.thinspice.fleet.lab.FleetLab;

/**
 * HAProxy keeps every channel of one SPICE session on one gateway (the lab's front, {@code testbed.Haproxy#config}:
 * HTTP CONNECT balanced on a consistent hash of the Host header, i.e. the session's ticket). 16 terminals connect
 * through HAProxy to two gateways (own JVMs, readiness-checked) and hold; the gateways' own audit files, which name
 * the terminal of each tunnel, must show each terminal's tunnels (main, display, inputs) on exactly one gateway, and
 * both gateways used. Then gateway 1 is SIGKILLed: every session held through gateway 2 keeps going, every session
 * through gateway 1 ends, and 6 new terminals all connect — through gateway 2.
 */
class GatewayAffinityIT {
    private static final int TERMINALS = 16;
    private static final int AFTER = 6;

    @TempDir
    Path dir;

    @Test
    void everyChannelOfASessionUsesOneGatewayAndNewSessionsMoveToTheSurvivor() throws Exception {
        // PBKDF2 10,000 iterations: this test is about HAProxy and the gateways, not the hash's cost
        try (FleetLab lab = FleetLab.start(new FleetLab.Shape(1, 2, false, true, 2, 4, 10_000), dir)) {
            List<String> codes = AdminCalls.signIn(lab.controllerUrl(), FleetLab.ADMIN, FleetLab.ADMIN_PASSWORD)
                    .enrolmentCodes(TERMINALS + AFTER, 600);
            FleetPlan plan = lab.plan("aff", TERMINALS, Duration.ofSeconds(3), Duration.ofMinutes(5),
                    Duration.ofMillis(300), Duration.ofSeconds(30));
            try (Fleet first = new Fleet(plan).start(codes.subList(0, TERMINALS))) {
                assertTrue(first.awaitSettled(90, TimeUnit.SECONDS), "the terminals did not settle in 90 s");
                assertEquals(TERMINALS, first.everHeld(), first.stats().table());
                Thread.sleep(1000);
                Map<String, Integer> on1 = AuditCheck.gatewayTunnels(lab.gatewayAudit(0));
                Map<String, Integer> on2 = AuditCheck.gatewayTunnels(lab.gatewayAudit(1));
                Set<String> both = new HashSet<>(on1.keySet());
                both.retainAll(on2.keySet());
                assertEquals(Set.of(), both, "terminals with tunnels on both gateways; gateway1 " + on1 + ", gateway2 " + on2);
                assertEquals(TERMINALS, on1.size() + on2.size(), "terminals the gateways audited");
                // main + display + inputs: three tunnels each, all on its one gateway
                for (Map<String, Integer> m : List.of(on1, on2)) {
                    m.forEach((t, n) -> assertTrue(n >= 3, t + " opened " + n + " tunnels"));
                }
                // 16 tickets from a random id each: all on one gateway has odds 2 in 65,536
                assertFalse(on1.isEmpty(), "gateway 1 carried no session: " + on2);
                assertFalse(on2.isEmpty(), "gateway 2 carried no session: " + on1);

                long kill = System.nanoTime();
                lab.gateways().get(0).kill();
                FleetPlan second = lab.plan("aff2", AFTER, Duration.ofSeconds(1), Duration.ofSeconds(3),
                        Duration.ofMillis(300), Duration.ofSeconds(30));
                Set<String> secondIds = new HashSet<>();
                try (Fleet wave = new Fleet(second).start(codes.subList(TERMINALS, TERMINALS + AFTER))) {
                    assertTrue(wave.awaitSettled(90, TimeUnit.SECONDS), "the second wave did not settle in 90 s");
                    assertTrue(wave.join(60, TimeUnit.SECONDS), "the second wave did not sign out in 60 s");
                    StepStats s = wave.stats();
                    assertEquals(AFTER, s.count(Step.SPICE_CONNECT), "new sessions after the kill:\n" + s.table());
                    wave.completed().stream().filter(c -> c.event().equals("enrol")).forEach(c -> secondIds.add(c.terminalId()));
                }
                Map<String, Integer> after2 = AuditCheck.gatewayTunnels(lab.gatewayAudit(1));
                assertTrue(after2.keySet().containsAll(secondIds), "new sessions went to the survivor: " + secondIds
                        + " vs " + after2.keySet());
                first.release();
                assertTrue(first.join(60, TimeUnit.SECONDS), "the first wave did not sign out in 60 s");
                Set<String> dropped = new HashSet<>(first.droppedSince(kill));
                Set<String> survivorDropped = new HashSet<>(dropped);
                survivorDropped.retainAll(on2.keySet());
                assertEquals(Set.of(), survivorDropped, "sessions on the surviving gateway that dropped");
                assertEquals(on1.keySet(), dropped, "the sessions that dropped are the killed gateway's");
                System.out.printf("gateway affinity: %d sessions on gateway1, %d on gateway2, 0 split; after the SIGKILL "
                        + "of gateway1 %d dropped (all its own), %d new sessions all on gateway2%n", on1.size(),
                        on2.size(), dropped.size(), secondIds.size());
            }
        }
    }
}
