package org.thinspice.engine.it;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.display.DisplayChannel;
import org.thinspice.engine.display.Surface;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.Ppm;
import org.thinspice.testbed.QemuSpiceServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two QXL devices = two display channels of one session, sharing the pixmap cache and the GLZ window.
 * The tiny guest draws its bars on the first head and its photo pattern on the second (/dev/fb1); each
 * channel's primary surface must equal QEMU's screendump of that device, pixel for pixel.
 */
class MultiHeadIT {
    @Test
    void everyHeadEqualsItsScreendump() throws Exception {
        QemuSpiceServer.Builder b = QemuSpiceServer.builder().vga("qxl").imageCompression("glz")
                .tinyGuest("bars").extraArgs("-device", "qxl,id=head1");
        try (QemuSpiceServer qemu = b.start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            String fb1 = qemu.console().run("cat /sys/class/graphics/fb1/virtual_size", Duration.ofSeconds(20));
            assertTrue(fb1.matches("(?s).*\\d+,\\d+.*"), "the guest has a second framebuffer: " + fb1);
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port()).build();
            try (EngineProbe probe = EngineProbe.connect(options)) {
                probe.awaitQuiet(Duration.ofMillis(400), Duration.ofSeconds(30));
                // head 0 animates meanwhile, so both channels carry GLZ images whose ids interleave
                qemu.console().run("/tbpattern anim > /dev/null 2>&1 & echo $! > /tmp/anim.pid", Duration.ofSeconds(20));
                // wait until QEMU itself shows the picture on head 1, then hold the engine to what QEMU shows
                long shown = 0;
                String out = qemu.console().run("/tbpattern photo /dev/fb1", Duration.ofSeconds(90));
                for (int i = 0; i < 80 && shown <= 10_000; i++) {
                    Thread.sleep(250);
                    shown = colours(screendump(qemu, 1));
                }
                assertTrue(shown > 10_000, "QEMU shows the photo pattern on head 1: " + out);
                qemu.console().run("kill $(cat /tmp/anim.pid); wait; /tbpattern bars", Duration.ofSeconds(30));
                DisplayChannel head1 = awaitDisplay(probe, 1);
                for (int head = 0; head < 2; head++) {
                    EngineProbe.Mismatch m = compare(probe, qemu, head, 40);
                    assertEquals(0, m.count(), "head " + head + ": " + m + "; images " + probe.stats.toJson());
                }
                long colours = java.util.Arrays.stream(head1.primary().snapshot()).distinct().count();
                System.out.println("MultiHeadIT: draw message types seen " + new java.util.TreeSet<>(probe.drawTypes)
                        + "; head 1 colours " + colours + " (QEMU " + shown + "); images " + probe.stats.toJson());
                assertTrue(probe.stats.imageCount() > 0, "no image decoded");
                assertTrue(colours > 10_000, "head 1 shows the photo pattern: " + colours + " colours");
            }
        }
    }

    private static DisplayChannel awaitDisplay(EngineProbe probe, int id) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            DisplayChannel d = probe.session.display(id);
            if (d != null && d.primary() != null) {
                return d;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("display channel " + id + " has no primary surface; listed "
                + probe.session.displayIds());
    }

    private static EngineProbe.Mismatch compare(EngineProbe probe, QemuSpiceServer qemu, int head, int attempts)
            throws Exception {
        EngineProbe.Mismatch last = null;
        for (int i = 0; i < attempts; i++) {
            Picture dump = screendump(qemu, head);
            Surface s = probe.session.display(head).primary();
            if (s != null) {
                last = EngineProbe.Mismatch.of(s.width(), s.height(), s.snapshot(), dump);
                if (last.count() == 0) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        return last;
    }

    private static long colours(Picture p) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                seen.add(p.rgb(x, y));
            }
        }
        return seen.size();
    }

    /** QMP screendump of one device: the first QXL is the VGA device (default), the second "head1". */
    private static Picture screendump(QemuSpiceServer qemu, int head) throws Exception {
        Path file = qemu.workDir().resolve("head" + head + "-" + System.nanoTime() + ".ppm");
        JsonObject args = new JsonObject();
        args.addProperty("filename", file.toAbsolutePath().toString());
        if (head == 1) {
            args.addProperty("device", "head1");
        }
        try {
            qemu.qmp().execute("screendump", args);
            return Ppm.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
