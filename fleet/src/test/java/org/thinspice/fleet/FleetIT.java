package org.thinspice.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.fleet.lab.AuditCheck;
import org.thinspice.fleet.lab.FleetLab;
import org.thinspice.testbed.DesktopStandIn;

/**
 * A small fleet end to end: 20 headless terminals enrol, sign in, list, get a .vv, connect through the gateway to
 * desktop stand-ins, hold with light input and sign out — against one controller (its own JVM, embedded store) and
 * one gateway (its own JVM). Oracles from outside the simulator: the stand-ins' link and input counters, the
 * gateway's audit (which terminals tunnelled) and the controller's audit (every completed action recorded).
 */
class FleetIT {
    private static final int TERMINALS = 20;

    @TempDir
    Path dir;

    @Test
    void twentyTerminalsEnrolSignInConnectHoldAndSignOut() throws Exception {
        // 10,000 PBKDF2 iterations instead of 210,000: this test is about the fleet, not the hash's cost (the bench
        // keeps the default), and 20 sign-ins at once on two shared cores would otherwise take most of its time
        try (FleetLab lab = FleetLab.start(new FleetLab.Shape(1, 1, false, false, 2, 5, 10_000), dir)) {
            FleetPlan plan = lab.plan("it", TERMINALS, Duration.ofSeconds(3), Duration.ofSeconds(5),
                    Duration.ofMillis(300), Duration.ofSeconds(30));
            List<String> codes = AdminCalls.signIn(lab.controllerUrl(), FleetLab.ADMIN, FleetLab.ADMIN_PASSWORD)
                    .enrolmentCodes(TERMINALS, 600);
            List<Completed> completed;
            try (Fleet fleet = new Fleet(plan).start(codes)) {
                assertTrue(fleet.awaitSettled(90, TimeUnit.SECONDS), "the terminals did not settle in 90 s");
                assertTrue(fleet.join(60, TimeUnit.SECONDS), "the terminals did not sign out in 60 s");
                StepStats s = fleet.stats();
                String table = s.table();
                for (Step step : Step.values()) {
                    assertEquals(0, s.failureCount(step), step + " failed:\n" + table);
                    assertEquals(TERMINALS, s.count(step), step + ":\n" + table);
                }
                assertEquals(TERMINALS, fleet.everHeld(), table);
                completed = fleet.completed();
            }
            Map<String, Long> byEvent = completed.stream().collect(Collectors.groupingBy(Completed::event,
                    Collectors.counting()));
            assertEquals(Map.of("enrol", 20L, "login", 20L, "connect", 20L, "logout", 20L), byEvent);

            long mains = lab.standIns().stream().mapToLong(DesktopStandIn::mainLinks).sum();
            long displays = lab.standIns().stream().mapToLong(DesktopStandIn::displayLinks).sum();
            long inputs = lab.standIns().stream().mapToLong(DesktopStandIn::inputEvents).sum();
            assertEquals(TERMINALS, mains, "main channels the stand-ins linked");
            assertEquals(TERMINALS, displays, "display channels the stand-ins linked");
            // 5 s of holding with an input every 300 ms: well over one input message per terminal
            assertTrue(inputs >= TERMINALS * 5L, "input messages the stand-ins received: " + inputs);
            assertTrue(lab.standIns().stream().allMatch(x -> x.mainLinks() > 0), "both stand-ins served someone");

            Set<String> tunnelled = AuditCheck.gatewayTerminals(lab.gatewayAudit(0));
            Set<String> enrolled = completed.stream().filter(c -> c.event().equals("enrol")).map(Completed::terminalId)
                    .collect(Collectors.toSet());
            assertEquals(enrolled, tunnelled, "terminals whose tunnels the gateway audited");

            List<Completed> lost = AuditCheck.missing(completed, AuditCheck.fromJsonLines(List.of(lab.controllerAudit(0))));
            assertEquals(List.of(), lost, "completed actions the controller's audit does not hold");
        }
    }
}
