package org.thinspice.engine.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's primary surface equals QEMU's screendump pixel for pixel: SeaBIOS (text mode, no
 * guest) and the tiny guest's test pattern, under qxl and std VGA, for every image-compression mode.
 */
class PixelExactIT {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String guest : List.of("seabios", "bars")) {
            for (String vga : List.of("qxl", "std")) {
                for (String comp : List.of("auto_glz", "auto_lz", "quic", "glz", "lz", "off")) {
                    out.add(Arguments.of(guest, vga, comp));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} vga={1} image-compression={2}")
    @MethodSource("cases")
    void surfaceEqualsScreendump(String guest, String vga, String compression) throws Exception {
        QemuSpiceServer.Builder b = QemuSpiceServer.builder().vga(vga).imageCompression(compression);
        if (guest.equals("seabios")) {
            b.noGuest();
        } else {
            b.tinyGuest(guest);
        }
        try (QemuSpiceServer qemu = b.start()) {
            if (!guest.equals("seabios")) {
                qemu.awaitGuestReady(Duration.ofSeconds(90));
            }
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port()).build();
            try (EngineProbe probe = EngineProbe.connect(options)) {
                probe.awaitQuiet(Duration.ofMillis(400), Duration.ofSeconds(30));
                EngineProbe.Mismatch m = probe.compareWithScreendump(qemu.qmp(), 20);
                assertEquals(0, m.count(), m.toString() + "; images " + probe.stats.toJson());
                assertTrue(probe.stats.imageCount() > 0, "no image decoded");
                if (compression.equals("off")) {
                    assertEquals(probe.stats.imageCount(), probe.stats.imageCount(0),
                            "image-compression=off must send only raw bitmaps: " + probe.stats.toJson());
                }
            }
        }
    }
}
