package org.thinspice.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.thinspice.engine.SpiceImageException;

/**
 * Golden tests against djpeg (libjpeg-turbo 2.1.5). The tolerance is zero: the decoder implements libjpeg's
 * islow IDCT, upsampling filters and colour rounding, so every sample must match.
 */
class JpegDecoderTest {

    @ParameterizedTest
    @FieldSource("org.thinspice.engine.image.JpegFixtures#COLOUR")
    void matchesDjpegDefaultModeExactly(String name) throws SpiceImageException {
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm(name + ".ppm", dims);
        byte[] jpeg = JpegFixtures.jpeg(name);
        JpegImage image = JpegDecoder.decode(jpeg, 0, jpeg.length);
        assertEquals(dims[0], image.width());
        assertEquals(dims[1], image.height());
        assertPixelsEqual(expected, image.argb(), dims[0]);
    }

    @ParameterizedTest
    @FieldSource("org.thinspice.engine.image.JpegFixtures#PLAIN")
    void matchesDjpegNosmoothWithoutFancyUpsampling(String name) throws SpiceImageException {
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm(name + ".plain.ppm", dims);
        byte[] jpeg = JpegFixtures.jpeg(name);
        JpegImage image = new JpegStreamDecoder(false).decode(jpeg, 0, jpeg.length, dims[0], dims[1]);
        assertPixelsEqual(expected, image.argb(), dims[0]);
    }

    @Test
    void greyscaleBecomesGreyRgb() throws SpiceImageException {
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm(JpegFixtures.GREY + ".pgm", dims);
        byte[] jpeg = JpegFixtures.jpeg(JpegFixtures.GREY);
        assertPixelsEqual(expected, JpegDecoder.decodeInto(jpeg, 0, jpeg.length, dims[0], dims[1]), dims[0]);
    }

    @ParameterizedTest
    @FieldSource("org.thinspice.engine.image.JpegFixtures#CHECKSUMMED")
    void largeImagesMatchDjpegChecksum(String name) throws SpiceImageException {
        byte[] jpeg = JpegFixtures.jpeg(name);
        int[] argb = JpegDecoder.decode(jpeg, 0, jpeg.length).argb();
        CRC32 crc = new CRC32();
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        crc.update(rgb);
        assertEquals(JpegFixtures.crc32(name), crc.getValue());
    }

    @Test
    void decodesFromTheMiddleOfABuffer() throws SpiceImageException {
        byte[] jpeg = JpegFixtures.jpeg("photo-420-q85");
        byte[] framed = new byte[jpeg.length + 30];
        java.util.Arrays.fill(framed, (byte) 0xFF);
        System.arraycopy(jpeg, 0, framed, 18, jpeg.length);
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm("photo-420-q85.ppm", dims);
        assertPixelsEqual(expected, JpegDecoder.decodeInto(framed, 18, jpeg.length, 61, 45), 61);
    }

    @Test
    void refusesProgressiveAndArithmeticClearly() {
        byte[] progressive = JpegFixtures.jpeg("refused-progressive");
        SpiceImageException p = assertThrows(SpiceImageException.class,
                () -> JpegDecoder.decode(progressive, 0, progressive.length));
        assertTrue(p.getMessage().contains("progressive"), p.getMessage());
        byte[] arithmetic = JpegFixtures.jpeg("refused-arithmetic");
        SpiceImageException a = assertThrows(SpiceImageException.class,
                () -> JpegDecoder.decode(arithmetic, 0, arithmetic.length));
        assertTrue(a.getMessage().contains("arithmetic"), a.getMessage());
    }

    @Test
    void refusesASizeOtherThanTheDescriptors() {
        byte[] jpeg = JpegFixtures.jpeg("photo-420-q85");
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> JpegDecoder.decodeInto(jpeg, 0, jpeg.length, 61, 46));
        assertTrue(e.getMessage().contains("61x45"), e.getMessage());
    }

    @Test
    void refusesASizeOverTheLimitsBeforeAllocating() {
        byte[] jpeg = JpegFixtures.jpeg("photo-420-q85").clone();
        int sof = JpegTestStreams.find(jpeg, 0xC0);
        // 65535 x 65535 would be 16 GiB of ARGB
        jpeg[sof + 5] = (byte) 0xFF;
        jpeg[sof + 6] = (byte) 0xFF;
        jpeg[sof + 7] = (byte) 0xFF;
        jpeg[sof + 8] = (byte) 0xFF;
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> JpegDecoder.decode(jpeg, 0, jpeg.length));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    static void assertPixelsEqual(int[] expected, int[] actual, int width) {
        assertEquals(expected.length, actual.length, "pixel count");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                assertEquals(String.format("%08x", expected[i]), String.format("%08x", actual[i]),
                        "pixel (" + i % width + "," + i / width + ")");
            }
        }
        assertArrayEquals(expected, actual);
    }
}
