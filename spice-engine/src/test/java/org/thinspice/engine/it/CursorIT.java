package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.cursor.CursorShape;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A real pointer shape: the tiny guest's tbcursor sets a 64x64 ARGB cursor through the DRM cursor
 * ioctl; the qxl driver hands it to spice-server, whose cursor channel sends it to the engine.
 */
class CursorIT {
    /** tbcursor's formula (testbed/guest/tbcursor.c). */
    static int[] expectedCursor() {
        int[] px = new int[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                px[y * 64 + x] = x < 32 ? 0xFF000000 | (x * 8) << 16 | (y * 4) << 8 | 0x80 : 0x80404040;
            }
        }
        return px;
    }

    @Test
    void guestCursorShapePositionAndHide() throws Exception {
        CompletableFuture<CursorShape> shape = new CompletableFuture<>();
        CompletableFuture<String> moved = new CompletableFuture<>();
        java.util.List<String> positions = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> hidden = new CompletableFuture<>();
        SpiceListener listener = new SpiceListener() {
            @Override
            public void onCursorShape(int channelId, CursorShape s) {
                if (s.width() == 64) {
                    shape.complete(s);
                }
            }

            @Override
            public void onCursorMoved(int channelId, int x, int y) {
                positions.add(x + "," + y);
                if (x == 105 && y == 57) {
                    moved.complete(x + "," + y);
                }
            }

            @Override
            public void onCursorHidden(int channelId) {
                if (shape.isDone()) {
                    hidden.complete(true);
                }
            }
        };
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().vga("qxl").tinyGuest("bars").start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port()).build();
            try (SpiceSession session = SpiceSession.connect(options, listener).get(30, TimeUnit.SECONDS)) {
                String started = qemu.console().run("/tbcursor & echo $! > /tmp/tbcursor.pid; sleep 1", Duration.ofSeconds(20));
                assertFalse(started.contains("not found") || started.matches("(?s).*tbcursor: [A-Z/].*"), started);
                CursorShape s = shape.get(60, TimeUnit.SECONDS);
                assertEquals(5, s.hotX());
                assertEquals(7, s.hotY());
                assertArrayEquals(expectedCursor(), s.argb());
                // the driver reports the hotspot's position: crtc position (100, 50) plus the hotspot
                try {
                    moved.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("positions reported: " + positions, e);
                }
                qemu.console().run("kill $(cat /tmp/tbcursor.pid)", Duration.ofSeconds(20));
                assertEquals(true, hidden.get(30, TimeUnit.SECONDS), "closing the DRM master hides the cursor");
            }
        }
    }
}
