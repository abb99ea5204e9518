package org.thinspice.engine.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.testbed.DesktopHelper;
import org.thinspice.testbed.QemuSpiceServer;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real desktop guest (Xorg with the qxl driver, openbox, tint2, xterm, feh; {@code DesktopGuest}) through the
 * engine: after each step the engine's primary surface equals QEMU's screendump pixel for pixel. One QEMU boot
 * and one engine session per class; the steps build on each other and run in order. Subclasses pick the
 * image compression. The class prints its run time, the boot time and what the desktop sent (draw operations,
 * image types, decode time per type). On a mismatch both pictures and the diff are saved under
 * {@code target/desktop-pixels/}.
 */
@Tag("desktop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DesktopPixelBase {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private final long classStart = System.nanoTime();
    private QemuSpiceServer qemu;
    private DesktopHelper guest;
    private EngineProbe probe;

    /** The {@code image-compression} of this class's QEMU. */
    abstract String compression();

    /** The SPICE image type ({@code ImageResolver}) that compression must have produced during the steps. */
    abstract int compressionImageType();

    private Path outDir() {
        return Path.of("target", "desktop-pixels", compression());
    }

    private void boot() throws Exception {
        if (qemu != null) {
            return;
        }
        long t0 = System.nanoTime();
        // Lossless only: under load spice-server's link test can call the loopback a WAN and send JPEG.
        qemu = QemuSpiceServer.builder().desktopGuest().imageCompression(compression()).lossless().start();
        guest = qemu.helper();
        probe = EngineProbe.connect(SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port()).build());
        int[] size = guest.awaitDesktop(Duration.ofMinutes(4));
        System.out.printf("[desktop] %s: QEMU exec to desktop up (X, openbox, tint2, spice-vdagent) %.1f s, X screen %dx%d%n",
                compression(), (System.nanoTime() - t0) / 1e9, size[0], size[1]);
    }

    private void assertSame(String step) throws Exception {
        probe.awaitQuiet(QUIET, Duration.ofSeconds(60));
        EngineProbe.Mismatch m = DesktopPixels.compare(probe, qemu.qmp(), 20, outDir(), step);
        assertEquals(0, m.count(), step + ": " + m + "; draws " + probe.drawSummary() + "; " + probe.stats.toJson());
    }

    @Test
    @Order(1)
    void desktopShown() throws Exception {
        boot();
        assertSame("desktop");
    }

    @Test
    @Order(2)
    void windowOpened() throws Exception {
        boot();
        guest.spawn("xterm -geometry 80x24+60+60 -title tbterm -fa Mono -fs 11");
        guest.check("xdotool search --sync --name '^tbterm$' >/dev/null");
        guest.check("xdotool search --name '^tbterm$' windowactivate --sync; sleep 1");
        assertSame("window-opened");
    }

    @Test
    @Order(3)
    void windowDragged() throws Exception {
        boot();
        // Alt + left drag moves a window in openbox; 30 steps across the screen, as a hand would.
        StringBuilder drag = new StringBuilder("xdotool mousemove 200 150 keydown alt mousedown 1");
        for (int i = 1; i <= 30; i++) {
            drag.append(" mousemove ").append(200 + i * 15).append(' ').append(150 + i * 8).append(" sleep 0.05");
        }
        drag.append(" mouseup 1 keyup alt");
        guest.check(drag.toString());
        // Where the terminal ended up, for the log only (openbox publishes no _NET_ACTIVE_WINDOW to ask).
        String geometry = guest.run("xdotool search --onlyvisible --name '^tbterm$' getwindowgeometry %@").text();
        System.out.println("[desktop] dragged window: " + geometry.replace('\n', ' '));
        assertSame("window-dragged");
    }

    @Test
    @Order(4)
    void textScrolled() throws Exception {
        boot();
        // A text file run through the terminal line by line for a few seconds: the terminal scrolls.
        guest.check("seq -f 'line %04g: the quick brown fox jumps over the lazy dog 0123456789' 1 2000 > /tmp/long.txt");
        guest.check("xdotool search --name '^tbterm$' windowactivate --sync type --delay 20 "
                + DesktopHelper.quote("while read -r l; do echo \"$l\"; sleep 0.005; done < /tmp/long.txt | head -n 400\n"));
        guest.check("sleep 4");
        assertSame("text-scrolled");
    }

    @Test
    @Order(5)
    void imageOpenedFullSize() throws Exception {
        boot();
        // A photo-like 640x480 picture (smooth colour fields plus noise), made in the guest with awk: a PPM for feh.
        guest.check("awk 'BEGIN { srand(7); printf \"P6\\n640 480\\n255\\n\"; for (y = 0; y < 480; y++) for (x = 0; x < 640; x++) {"
                + " r = int(128 + 100 * sin(x / 40.0) + rand() * 20); g = int(128 + 90 * cos(y / 30.0) + rand() * 20);"
                + " b = 1 + int((x + y) / 5 + rand() * 30) % 255; printf \"%c%c%c\", r, g, b } }' > /tmp/photo.ppm");
        guest.spawn("feh --title tbphoto --geometry 640x480+200+100 /tmp/photo.ppm");
        guest.check("xdotool search --sync --name '^tbphoto$' >/dev/null; sleep 2");
        assertSame("image-opened");
    }

    @Test
    @Order(6)
    void theStepsCameInThisCompression() throws Exception {
        boot();
        assertTrue(probe.stats.imageCount(compressionImageType()) > 0,
                "no image of type " + compressionImageType() + " under image-compression=" + compression() + ": "
                        + probe.stats.toJson());
    }

    @AfterAll
    void report() {
        try {
            if (probe != null) {
                System.out.println("[desktop] " + compression() + ": draws " + probe.drawSummary());
                System.out.println("[desktop] " + compression() + ": stats " + probe.stats.toJson());
                probe.close();
            }
        } finally {
            if (qemu != null) {
                qemu.close();
            }
            System.out.printf("[desktop] %s: class run time %.1f s%n", compression(), (System.nanoTime() - classStart) / 1e9);
        }
    }
}
