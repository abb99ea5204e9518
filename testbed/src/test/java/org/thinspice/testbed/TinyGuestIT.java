package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TinyGuestIT {
    private static final Duration BOOT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"qxl", "std"})
    void barsPatternIsDrawnExactlyAndConsoleAnswers(String vga) throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().vga(vga).tinyGuest("bars").vdagent().start()) {
            qemu.awaitGuestReady(BOOT);
            GuestConsole console = qemu.console();
            assertEquals("hi", console.run("echo hi", Duration.ofSeconds(10)));
            assertEquals(3, console.runForResult("false; (exit 3)", Duration.ofSeconds(10)).exitStatus());
            String fb = console.run("cat /sys/class/graphics/fb0/name /sys/class/graphics/fb0/virtual_size"
                    + " /sys/class/graphics/fb0/bits_per_pixel", Duration.ofSeconds(10));
            assertEquals((vga.equals("qxl") ? "qxldrmfb" : "bochs-drmdrmfb") + "\n1024,768\n32", fb);
            assertEquals("/dev/vport0p1", console.run("readlink /dev/virtio-ports/com.redhat.spice.0",
                    Duration.ofSeconds(10)));

            Picture expected = Patterns.barsPicture(1024, 768);
            Picture p = Screens.await(qemu.qmp(), pic -> Screens.mismatches(pic, expected) == 0, Duration.ofSeconds(15));
            Screens.keep(p, qemu.workDir(), "bars-" + vga);
            assertEquals(1024, p.width());
            assertEquals(768, p.height());
            assertEquals(0xFFFFFF, p.rgb(64, 10));
            assertEquals(0xFFFF00, p.rgb(192, 10));
            assertEquals(0x0000FF, p.rgb(832, 100));
            assertEquals(0x000080, p.rgb(0, 192));
            assertEquals(0xFF0000, p.rgb(256, 400));
            assertEquals(0x00FF00, p.rgb(600, 401));
            assertEquals(Patterns.FLAT_RIGHT, p.rgb(900, 700));
            assertEquals(0, Screens.mismatches(p, expected), "pixels differing from Patterns.bars");
        }
    }

    @Test
    void photoIsExactAndAnimationMovesAndStops() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").start()) {
            qemu.awaitGuestReady(BOOT);
            GuestConsole console = qemu.console();
            String drawn = console.run("/tbpattern photo", Duration.ofSeconds(30));
            assertTrue(drawn.contains("tbpattern: photo") && !drawn.contains("write-through"), drawn);
            Picture expected = Patterns.photoPicture(1024, 768);
            Picture p = Screens.await(qemu.qmp(), pic -> Screens.mismatches(pic, expected) == 0, Duration.ofSeconds(15));
            assertEquals(0, Screens.mismatches(p, expected), "pixels differing from Patterns.photo");

            console.run("/tbpattern anim >/dev/null 2>&1 & echo $! > /tmp/anim.pid", Duration.ofSeconds(10));
            Picture a = Screens.await(qemu.qmp(), pic -> Screens.mismatches(pic, expected) > 10_000, Duration.ofSeconds(10));
            Thread.sleep(300);
            Picture b = qemu.qmp().screendump();
            assertTrue(!a.sameRgb(b), "animation frames should differ");
            // Far below the moving block the background is the bars pattern.
            assertEquals(Patterns.FLAT_LEFT, b.rgb(100, 700));
            // wait reaps the job here, so ash does not print "Terminated" into the next command's output.
            console.run("kill $(cat /tmp/anim.pid); wait", Duration.ofSeconds(10));
            assertEquals("", console.run("sleep 0.2; ps | grep '[t]bpattern anim'", Duration.ofSeconds(10)));
        }
    }
}
