package org.thinspice.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinspice.engine.SpiceImageException;

/**
 * Malformed input: every prefix and random corruptions of fixtures must give either a clean decode or a
 * {@link SpiceImageException} — never another exception.
 */
class JpegRobustnessTest {

    @ParameterizedTest
    @ValueSource(strings = {"text-420-q50-rst2", "photo-3scans-q80", "photo-grey-q85", "text-422-q70-rst1"})
    void everyPrefixIsRefusedCleanly(String name) {
        byte[] jpeg = JpegFixtures.jpeg(name);
        int decoded = 0;
        for (int n = 0; n < jpeg.length; n++) {
            if (tryDecode(jpeg, n, name + " prefix " + n)) {
                decoded++;
            }
        }
        // only a prefix missing just (part of) the EOI marker may still decode
        assertTrue(decoded <= 2, decoded + " prefixes of " + name + " decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text-420-q50-rst2", "photo-3scans-q80", "photo-422-q75", "text-411-q60",
            "photo-rgb-q80", "edge-420-5x3"})
    void randomByteFlipsNeverEscapeAsRuntimeExceptions(String name) {
        byte[] original = JpegFixtures.jpeg(name);
        Random random = new Random(name.hashCode());
        int refused = 0;
        for (int round = 0; round < 1500; round++) {
            byte[] jpeg = original.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                // bias towards the headers, where a flip changes structure rather than only pixels
                int at = random.nextInt(4) == 0 ? random.nextInt(Math.min(jpeg.length, 700)) : random.nextInt(jpeg.length);
                jpeg[at] = (byte) random.nextInt(256);
            }
            if (!tryDecode(jpeg, jpeg.length, name + " round " + round)) {
                refused++;
            }
        }
        assertTrue(refused > 0, "no corruption was refused, the test is not reaching the checks");
    }

    @Test
    void truncatedScanIsRefusedNotPaddedWithGrey() {
        byte[] jpeg = JpegFixtures.jpeg("photo-444-q90");
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> JpegDecoder.decode(jpeg, 0, jpeg.length - 200));
        assertTrue(e.getMessage().contains("ends before"), e.getMessage());
    }

    @Test
    void wrongRestartMarkerIsRefused() {
        byte[] jpeg = JpegFixtures.jpeg("text-420-q50-rst2").clone();
        int sos = JpegTestStreams.find(jpeg, 0xDA);
        for (int p = sos; p + 1 < jpeg.length; p++) {
            if ((jpeg[p] & 0xFF) == 0xFF && (jpeg[p + 1] & 0xFF) == 0xD0) {
                jpeg[p + 1] = (byte) 0xD3;
                break;
            }
        }
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> JpegDecoder.decode(jpeg, 0, jpeg.length));
        assertTrue(e.getMessage().contains("RST0"), e.getMessage());
    }

    @Test
    void fourComponentsAreRefused() {
        byte[] jpeg = JpegFixtures.jpeg("photo-444-q90").clone();
        int sof = JpegTestStreams.find(jpeg, 0xC0);
        jpeg[sof + 9] = 4;
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> JpegDecoder.decode(jpeg, 0, jpeg.length));
        assertTrue(e.getMessage().contains("4 components"), e.getMessage());
    }

    @Test
    void overfullHuffmanTableIsRefused() {
        byte[] jpeg = JpegFixtures.jpeg("photo-444-q90").clone();
        int dht = JpegTestStreams.find(jpeg, 0xC4);
        // the standard luminance DC table has counts 0,1,5,...; two codes of length 1 use the reserved all-ones
        // code, so moving symbols from length 2 and 3 to length 1 over-fills the code space (same total)
        assertEquals(0, jpeg[dht + 5]);
        assertEquals(1, jpeg[dht + 6]);
        assertEquals(5, jpeg[dht + 7]);
        jpeg[dht + 5] = 2;
        jpeg[dht + 6] = 0;
        jpeg[dht + 7] = 4;
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> JpegDecoder.decode(jpeg, 0, jpeg.length));
        assertTrue(e.getMessage().contains("Huffman"), e.getMessage());
    }

    @Test
    void badSliceAndMissingSoiAreRefused() {
        byte[] jpeg = JpegFixtures.jpeg("photo-420-q85");
        assertThrows(SpiceImageException.class, () -> JpegDecoder.decode(jpeg, 10, jpeg.length));
        assertThrows(SpiceImageException.class, () -> JpegDecoder.decode(null, 0, 0));
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> JpegDecoder.decode(jpeg, 1, jpeg.length - 1));
        assertTrue(e.getMessage().contains("SOI"), e.getMessage());
    }

    @Test
    void missingEoiIsTolerated() throws SpiceImageException {
        byte[] jpeg = JpegFixtures.jpeg("photo-420-q85");
        assertEquals((byte) 0xD9, jpeg[jpeg.length - 1]);
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm("photo-420-q85.ppm", dims);
        JpegDecoderTest.assertPixelsEqual(expected, JpegDecoder.decode(jpeg, 0, jpeg.length - 2).argb(), dims[0]);
    }

    /** Returns true on a clean decode, false on SpiceImageException; fails on anything else. */
    private static boolean tryDecode(byte[] jpeg, int length, String what) {
        try {
            JpegImage image = JpegDecoder.decode(jpeg, 0, length);
            assertEquals(image.width() * image.height(), image.argb().length, what);
            return true;
        } catch (SpiceImageException e) {
            return false;
        } catch (RuntimeException | Error e) {
            fail(what + " threw " + e, e);
            return false;
        }
    }
}
