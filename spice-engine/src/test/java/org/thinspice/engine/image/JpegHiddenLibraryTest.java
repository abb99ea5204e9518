package org.thinspice.engine.image;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.thinspice.testbed.Processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole choice path in a fresh JVM, as a terminal without libturbojpeg0 would run it: with
 * {@code thinspice.jpeg.library} pointing at a library that does not exist, streams and images decode in Java,
 * with the same pixels, and one log line says why; {@code thinspice.jpeg.decoder=java} forces Java with the
 * library present.
 */
class JpegHiddenLibraryTest {
    @Test
    void missingLibraryFallsBackToJavaAndSaysSo() throws Exception {
        String[] out = run("-D" + JpegDecoders.PROPERTY_LIBRARY + "=thinspice-hidden-turbojpeg");
        assertTrue(out[0].contains("kinds java java"), out[0]);
        assertTrue(out[1].contains("JPEG decoding: Java decoder: TurboJPEG library 'thinspice-hidden-turbojpeg' not"
                + " loaded"), out[1]);
        assertTrue(out[1].contains("install Debian's libturbojpeg0"), out[1]);
        assertEquals(1, out[1].split("JPEG decoding:", -1).length - 1, "one line: " + out[1]);
        assertEquals(expectedHashes(), hashes(out[0]));
    }

    @Test
    void propertyForcesJava() throws Exception {
        String[] out = run("-D" + JpegDecoders.PROPERTY_DECODER + "=java");
        assertTrue(out[0].contains("kinds java java"), out[0]);
        assertTrue(out[1].contains("JPEG decoding: Java decoder (thinspice.jpeg.decoder=java)"), out[1]);
    }

    @Test
    void defaultChoiceIsTurboJpegHere() throws Exception {
        String[] out = run("-Dthinspice.unused=1");
        assertTrue(out[0].contains("kinds turbojpeg turbojpeg"), out[0] + out[1]);
        assertTrue(out[1].contains("JPEG decoding: TurboJPEG"), out[1]);
        assertEquals(expectedHashes(), hashes(out[0]), "native pixels equal the Java oracle's");
    }

    private static String expectedHashes() throws Exception {
        byte[] jpeg = JpegFixtures.jpeg(JpegFixtures.FRAME);
        return Arrays.hashCode(new JpegStreamDecoder(false).decode(jpeg, 0, jpeg.length, -1, -1).argb()) + " "
                + Arrays.hashCode(new JpegStreamDecoder(true).decode(jpeg, 0, jpeg.length, -1, -1).argb());
    }

    private static String hashes(String stdout) {
        int i = stdout.indexOf("hashes ");
        return i < 0 ? "" : stdout.substring(i + 7).trim();
    }

    /** {stdout, stderr} of {@link JpegHiddenLibraryMain} in a new JVM with the given option. */
    private static String[] run(String option) throws Exception {
        Path dir = Files.createTempDirectory("jpeg-hidden");
        Path stdout = dir.resolve("out");
        Path stderr = dir.resolve("err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, option, "-cp", System.getProperty("java.class.path"),
                JpegHiddenLibraryMain.class.getName()))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
            String[] out = {Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8)};
            assertEquals(0, p.exitValue(), "child JVM: " + out[0] + out[1]);
            return out;
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
        }
    }
}
