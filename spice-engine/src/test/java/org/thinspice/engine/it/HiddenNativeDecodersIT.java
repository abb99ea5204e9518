package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.image.JpegDecoders;
import org.thinspice.engine.video.VideoDecoders;
import org.thinspice.testbed.Processes;
import org.thinspice.testbed.QemuSpiceServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A terminal without libturbojpeg0 and without GStreamer, in a JVM of its own where both library names point
 * at nothing: the engine still connects, announces MJPEG alone (so spice-server streams MJPEG although the
 * client asks for VP8 and H.264 first) and decodes the frames in Java. The control run, same guest, libraries
 * visible: the same request gets a VP8 stream through GStreamer.
 */
class HiddenNativeDecodersIT {
    @Test
    void withoutNativeLibrariesOnlyMjpegDecodedInJava() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl")
                .streamingVideo("filter").start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(90));
            String[] hidden = run(qemu, "-D" + JpegDecoders.PROPERTY_LIBRARY + "=thinspice-hidden-turbojpeg",
                    "-D" + VideoDecoders.PROPERTY_LIBRARY + "=thinspice-hidden-gstreamer");
            String out = hidden[0];
            assertTrue(out.contains("announces mjpeg=true vp8=false h264=false vp9=false"), out);
            assertTrue(out.contains("stream codecs [1]"), "only MJPEG streams: " + out);
            assertTrue(out.contains("stream decoder mjpeg: java"), out);
            assertTrue(decoded(out) >= 20, out);
            assertTrue((hidden[0] + hidden[1]).contains("GStreamer library 'thinspice-hidden-gstreamer' not loaded"), hidden[1]);
            assertTrue((hidden[0] + hidden[1]).contains("TurboJPEG library 'thinspice-hidden-turbojpeg' not loaded"), hidden[1]);

            String[] visible = run(qemu, "-Dthinspice.unused=1");
            assertTrue(visible[0].contains("announces mjpeg=true vp8=true h264=true"), visible[0]);
            assertTrue(visible[0].contains("stream decoder vp8: "), visible[0] + visible[1]);
            assertTrue(decoded(visible[0]) >= 20, visible[0]);
        }
    }

    private static long decoded(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("decoded ")) {
                return Long.parseLong(line.substring(8).trim());
            }
        }
        return -1;
    }

    /** {stdout, stderr} of {@link HiddenNativeDecodersMain} in a new JVM with these options. */
    private static String[] run(QemuSpiceServer qemu, String... options) throws Exception {
        Path dir = Files.createTempDirectory("hidden-decoders");
        Path stdout = dir.resolve("out");
        Path stderr = dir.resolve("err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HiddenNativeDecodersMain.class.getName(),
                qemu.host(), Integer.toString(qemu.port())));
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child JVM finished");
            String[] out = {Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8)};
            assertEquals(0, p.exitValue(), "child JVM: " + out[0] + out[1]);
            return out;
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
        }
    }
}
