package org.thinspice.engine.image;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TurboJPEG (Debian libturbojpeg0, through JNA) against the Java decoder, the oracle: same pixels over every
 * JPEG fixture with the default flags, in both upsampling modes. Fails (not skips) when the library is missing:
 * spice-engine/packages.txt installs it.
 */
class TurboJpegDecoderTest {
    private static JpegDecoders.Backend nativeBackend;

    @BeforeAll
    static void load() {
        nativeBackend = JpegDecoders.select("turbojpeg", JpegDecoders.DEFAULT_LIBRARY);
        assertTrue(nativeBackend.isNative(), "TurboJPEG must load here (apt-get install libturbojpeg0): "
                + nativeBackend.description());
    }

    /** Every {@code .jpg} under testdata/jpeg that the Java decoder accepts (not {@code refused-*}). */
    static List<String> allFixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(JpegFixtures.class.getResource("/org/thinspice/engine/image/testdata/jpeg/").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jpg") && !n.startsWith("refused-"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    @Test
    void identicalPixelsToJavaOverEveryFixture() throws Exception {
        List<String> names = allFixtures();
        assertTrue(names.size() >= 18, "fixtures found: " + names);
        assertTrue(names.containsAll(JpegFixtures.COLOUR) && names.containsAll(JpegFixtures.CHECKSUMMED), "" + names);
        for (boolean fancy : new boolean[] {true, false}) {
            try (JpegFrameDecoder java = new JpegStreamDecoder(fancy);
                 JpegFrameDecoder tj = fancy ? nativeBackend.forImages() : nativeBackend.forStream(false)) {
                assertInstanceOf(TurboJpegDecoder.class, tj);
                assertEquals("turbojpeg", tj.kind());
                for (String name : names) {
                    byte[] jpeg = JpegFixtures.jpeg(name);
                    JpegImage expected = java.decode(jpeg, 0, jpeg.length, -1, -1);
                    JpegImage actual = tj.decode(jpeg, 0, jpeg.length, expected.width(), expected.height());
                    assertEquals(expected.width(), actual.width(), name);
                    assertEquals(expected.height(), actual.height(), name);
                    assertArrayEquals(expected.argb(), actual.argb(), name + (fancy ? " fancy" : " plain"));
                }
            }
        }
    }

    @Test
    void matchesDjpegGoldenFiles() {
        int[] dims = new int[2];
        try (JpegFrameDecoder tj = nativeBackend.forImages(); JpegFrameDecoder plain = nativeBackend.forStream(false)) {
            for (String name : JpegFixtures.COLOUR) {
                byte[] jpeg = JpegFixtures.jpeg(name);
                int[] golden = JpegFixtures.pnm(name + ".ppm", dims);
                assertArrayEquals(golden, decode(tj, jpeg), name);
            }
            for (String name : JpegFixtures.PLAIN) {
                byte[] jpeg = JpegFixtures.jpeg(name);
                assertArrayEquals(JpegFixtures.pnm(name + ".plain.ppm", dims), decode(plain, jpeg), name + " plain");
            }
        }
    }

    @Test
    void abbreviatedFramesUseTablesOfEarlierFrames() throws SpiceImageException {
        byte[] full = JpegFixtures.jpeg("photo-420-q85");
        byte[] abbreviated = JpegTestStreams.without(full, 0xC4, 0xDB);
        int[] expected = new JpegStreamDecoder(false).decode(full, 0, full.length, -1, -1).argb();
        try (JpegFrameDecoder tj = nativeBackend.forStream(false)) {
            assertArrayEquals(expected, decode(tj, full));
            assertArrayEquals(expected, decode(tj, abbreviated));
        }
        try (JpegFrameDecoder tj = nativeBackend.forStream(false)) {
            tj.learnTables(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 0x7F, 0x7F}, 0, 6);
            tj.learnTables(full, 0, full.length); // a dropped late frame
            assertArrayEquals(expected, decode(tj, abbreviated));
        }
    }

    @Test
    void badInputIsAClearError() {
        byte[] jpeg = JpegFixtures.jpeg("photo-420-q85");
        try (JpegFrameDecoder tj = nativeBackend.forImages()) {
            SpiceImageException size = assertThrows(SpiceImageException.class,
                    () -> tj.decode(jpeg, 0, jpeg.length, 10, 10));
            assertTrue(size.getMessage().contains("but the image is 10x10"), size.getMessage());
            assertThrows(SpiceImageException.class, () -> tj.decode(new byte[] {1, 2, 3, 4, 5}, 0, 5, -1, -1));
            assertThrows(SpiceImageException.class, () -> tj.decode(jpeg, 0, 40, -1, -1));
            assertThrows(SpiceImageException.class, () -> tj.decode(jpeg, jpeg.length - 2, 4, -1, -1));
            // A frame header declaring 16385x16385 (over Limits, under TurboJPEG's own 65500) is refused
            // before any pixel memory is allocated.
            byte[] huge = jpeg.clone();
            int sof = JpegTestStreams.find(huge, 0xC0);
            for (int i = 5; i <= 8; i += 2) {
                huge[sof + i] = 0x40;
                huge[sof + i + 1] = 0x01;
            }
            SpiceImageException big = assertThrows(SpiceImageException.class,
                    () -> tj.decode(huge, 0, huge.length, -1, -1));
            assertTrue(big.getMessage().contains("too large"), big.getMessage());
            // Still usable after errors.
            assertEquals(jpeg.length > 0, decode(tj, jpeg).length > 0);
        }
    }

    @Test
    void withTheLibraryHiddenDecodesInJavaAndSaysSo() throws SpiceImageException {
        JpegDecoders.Backend hidden = JpegDecoders.select("auto", "thinspice-no-such-turbojpeg");
        assertFalse(hidden.isNative());
        assertTrue(hidden.description().startsWith("Java decoder: TurboJPEG library 'thinspice-no-such-turbojpeg'"
                + " not loaded"), hidden.description());
        assertTrue(hidden.description().contains("libturbojpeg0"), hidden.description());
        byte[] jpeg = JpegFixtures.jpeg(JpegFixtures.FRAME);
        try (JpegFrameDecoder stream = hidden.forStream(true); JpegFrameDecoder images = hidden.forImages()) {
            assertInstanceOf(JpegStreamDecoder.class, stream);
            assertEquals("java", images.kind());
            assertArrayEquals(new JpegStreamDecoder(true).decode(jpeg, 0, jpeg.length, -1, -1).argb(),
                    decode(images, jpeg));
        }
        JpegDecoders.Backend forced = JpegDecoders.select("java", JpegDecoders.DEFAULT_LIBRARY);
        assertFalse(forced.isNative());
        assertTrue(forced.description().contains("thinspice.jpeg.decoder=java"), forced.description());
        assertThrows(IllegalArgumentException.class, () -> JpegDecoders.select("gpu", "turbojpeg"));
    }

    @Test
    void fastDctDiffersButStaysClose() throws SpiceImageException {
        byte[] jpeg = JpegFixtures.jpeg(JpegFixtures.FRAME);
        int[] accurate;
        int[] fast;
        try (JpegFrameDecoder a = nativeBackend.forStream(false); JpegFrameDecoder f = nativeBackend.forStream(true)) {
            accurate = decode(a, jpeg);
            fast = decode(f, jpeg);
        }
        double psnr = Psnr.of(accurate, fast);
        assertTrue(psnr > 35 && psnr < 100, "PSNR fast vs accurate: " + psnr);
    }

    private static int[] decode(JpegFrameDecoder d, byte[] jpeg) {
        try {
            return d.decode(jpeg, 0, jpeg.length, -1, -1).argb();
        } catch (SpiceImageException e) {
            throw new AssertionError(e);
        }
    }
}
