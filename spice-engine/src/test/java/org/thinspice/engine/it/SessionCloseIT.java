package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user who disconnects right after connecting must not take the desktop down. spice-server 0.15's display
 * worker dereferences NULL when the main channel goes while the display channel's client is still being
 * created; before {@link SpiceSession#close()} waited for the server to take on every channel, QEMU died within
 * about twenty quick connect-and-close rounds on this guest.
 */
class SessionCloseIT {
    private static final int ROUNDS = 40;

    @Test
    void quickConnectAndCloseLeavesTheDesktopRunning() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl").streamingVideo("filter")
                .start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(90));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port()).build();
            Random random = new Random(7);
            for (int round = 0; round < ROUNDS; round++) {
                SpiceSession s = SpiceSession.connect(options, new SpiceListener() { }).get(20, TimeUnit.SECONDS);
                // right after INIT, while the other channels link and the server creates their clients
                Thread.sleep(random.nextInt(round % 2 == 0 ? 20 : 200));
                long t0 = System.nanoTime();
                s.close();
                long closeMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(closeMs < 6_000, "close took " + closeMs + " ms");
                Thread.sleep(50);
                assertTrue(qemu.isAlive(), "QEMU died after round " + round);
            }
            // and the desktop still serves a whole session
            try (EngineProbe p = EngineProbe.connect(options)) {
                p.awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(30));
                assertTrue(p.session.primarySurface().width() > 0);
            }
            assertTrue(qemu.isAlive(), "QEMU died during the last session");
        }
    }
}
