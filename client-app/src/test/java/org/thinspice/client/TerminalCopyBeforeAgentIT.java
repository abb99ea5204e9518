package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.engine.agent.ClipboardPolicy;
import org.thinspice.testbed.GuestAgentLog;
import org.thinspice.testbed.Processes;

/**
 * Terminal → desktop while the desktop has no agent yet (still booting it): another X client copies a
 * text on the terminal's display (xclip owns the CLIPBOARD selection), then the guest's agent starts.
 * When the policy lets text into the desktop, the agent receives that text on each of twenty agent
 * starts (its serial console is the oracle); when it does not, the agent is offered nothing. One kiosk
 * connection per policy, the agent stopped and started under it twenty times.
 */
class TerminalCopyBeforeAgentIT {
    private static ClipboardRig rig;

    @BeforeAll
    static void boot() throws Exception {
        rig = ClipboardRig.start("copy-before-agent");
        rig.agent.stopDaemon(ClipboardRig.WAIT);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            System.out.println("terminal → desktop, copied before the agent started: " + rig.delays());
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ClipboardPolicy.class)
    void copiedBeforeTheAgentStarts(ClipboardPolicy policy) throws Exception {
        rig.connect(policy);
        List<String> failures = new ArrayList<>();
        Process owner = null;
        try {
            for (int i = 0; i < ClipboardRig.REPETITIONS; i++) {
                String text = "terminal " + policy.key() + " #" + i + " " + Long.toHexString(System.nanoTime());
                long mark = rig.kiosk.logLines();
                Processes.stop(owner, Duration.ofSeconds(2));
                owner = rig.kiosk.x().xclipInBackground(text.getBytes(StandardCharsets.UTF_8), "-quiet", "-i",
                        "-selection", "clipboard");
                // The kiosk noticed the copy (its clipboard poll) while the desktop has no agent.
                rig.kiosk.awaitLog(mark, policy.allowsToGuest() ? "held until the guest agent is ready" : "not made: policy",
                        ClipboardRig.WAIT);
                rig.agent.skipToNow();
                rig.agent.startDaemon(ClipboardRig.WAIT);
                long started = System.nanoTime();
                if (policy.allowsToGuest()) {
                    try {
                        GuestAgentLog.Entry got = rig.agent.await(e -> !e.sent() && e.name().equals("CLIPBOARD"),
                                ClipboardRig.WAIT);
                        if (got.clipboardText().equals(text)) {
                            rig.delaysMillis.add((System.nanoTime() - started) / 1_000_000);
                        } else {
                            failures.add("#" + i + ": the agent received '" + got.clipboardText() + "'");
                        }
                    } catch (java.util.concurrent.TimeoutException e) {
                        failures.add("#" + i + ": the agent received no clipboard text");
                    }
                } else {
                    // The capability exchange with the kiosk happened; then nothing more may come.
                    rig.agent.await(e -> !e.sent() && e.name().equals("ANNOUNCE_CAPABILITIES"), ClipboardRig.WAIT);
                    Thread.sleep(ClipboardRig.SILENCE.toMillis());
                    List<String> seen = rig.agent.entries().stream().filter(e -> !e.sent()
                            && e.name().startsWith("CLIPBOARD")).map(GuestAgentLog.Entry::text).toList();
                    if (!seen.isEmpty()) {
                        failures.add("#" + i + ": the agent received " + seen);
                    }
                }
                rig.agent.stopDaemon(ClipboardRig.WAIT);
            }
        } finally {
            Processes.stop(owner, Duration.ofSeconds(2));
            rig.kiosk.disconnect(ClipboardRig.WAIT);
        }
        long[] counts = rig.kiosk.report(); // what the diagnostics screen's last-session block shows
        assertEquals(policy.allowsToGuest() ? ClipboardRig.REPETITIONS : 0, counts[1], "transfers into the desktop");
        assertEquals(0, counts[0], "transfers out of the desktop");
        assertEquals(List.of(), failures, policy.key() + ": " + failures.size() + " of " + ClipboardRig.REPETITIONS
                + " repetitions failed; kiosk log " + rig.kiosk.log());
    }
}
