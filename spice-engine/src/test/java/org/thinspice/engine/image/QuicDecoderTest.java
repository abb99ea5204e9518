package org.thinspice.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;

class QuicDecoderTest {
    /** SHA-256 of QEMU's screendump (u32 LE ARGB) taken when each captured frame was sent. */
    private static final Map<String, String> SCREENDUMP_SHA256 = Map.of(
            "seabios-prompt", "64ba2370ebcc110e45085a8c0ee5c25db8bcf5f6abbbc4f5dbca8a3caea2b594",
            "seabios-menu", "8c8cc2685ff6e755f95a2cd2412238f31c7fa74f064f8e52f6324f4cc34656a7");

    static Stream<String> allFixtures() {
        return Stream.concat(QuicFixtures.CAPTURED.stream(), QuicFixtures.SYNTHETIC.stream());
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void decodesGoldenFixturesPixelExact(String name) throws Exception {
        byte[] quic = QuicFixtures.stream(name);
        int[] expected = QuicFixtures.expected(name);
        int width = QuicFixtures.width(quic);
        int height = QuicFixtures.height(quic);
        assertEquals(expected.length, width * height, "fixture size");

        int[] pixels = QuicDecoder.decode(quic, 0, quic.length, width, height);

        assertPixelsEqual(expected, pixels, width);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seabios-prompt", "seabios-menu"})
    void capturedFramesMatchQemuScreendump(String name) throws Exception {
        byte[] quic = QuicFixtures.stream(name);
        assertEquals(SCREENDUMP_SHA256.get(name), sha256(QuicFixtures.expected(name)), "fixture changed");

        int[] pixels = QuicDecoder.decode(quic, 0, quic.length, 720, 400);

        assertEquals(SCREENDUMP_SHA256.get(name), sha256(pixels));
    }

    @Test
    void alphaIsOpaqueExceptForRgba() throws Exception {
        for (String name : QuicFixtures.SYNTHETIC) {
            byte[] quic = QuicFixtures.stream(name);
            int[] pixels = QuicDecoder.decode(quic, 0, quic.length, QuicFixtures.width(quic), QuicFixtures.height(quic));
            boolean allOpaque = Arrays.stream(pixels).allMatch(p -> p >>> 24 == 0xFF);
            assertEquals(!name.startsWith("rgba-"), allOpaque, name);
        }
    }

    @Test
    void honoursOffsetAndLengthInsideLargerBuffer() throws Exception {
        byte[] quic = QuicFixtures.stream("seabios-menu");
        byte[] padded = new byte[quic.length + 64];
        new Random(7).nextBytes(padded);
        System.arraycopy(quic, 0, padded, 13, quic.length);

        int[] pixels = QuicDecoder.decode(padded, 13, quic.length, 720, 400);

        assertArrayEquals(QuicFixtures.expected("seabios-menu"), pixels);
        // The bytes after the slice are junk the decoder must not borrow: one word short fails.
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(padded, 13, quic.length - 4, 720, 400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gray-3x300", "rgba-1x1", "rgb16-203x77", "rgba-203x77", "rgb32-2100x7"})
    void truncatedStreamsFail(String name) {
        byte[] quic = QuicFixtures.stream(name);
        int width = QuicFixtures.width(quic);
        int height = QuicFixtures.height(quic);
        // Every prefix of the small streams; of the larger ones every 31st and all of the last 64 bytes.
        int step = quic.length > 2000 ? 31 : 1;
        for (int length = 0; length < quic.length; length += length >= quic.length - 64 ? 1 : step) {
            int cut = length;
            // The encoder ends with a zero word that the decoder's look-ahead always reaches.
            assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, 0, cut, width, height),
                    () -> name + " cut to " + cut + " bytes");
        }
    }

    @Test
    void truncatedCapturedFrameFails() {
        byte[] quic = QuicFixtures.stream("seabios-prompt");
        for (int length = 0; length < quic.length; length += length < 64 || length > quic.length - 64 ? 1 : 97) {
            int cut = length;
            assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, 0, cut, 720, 400),
                    () -> "cut to " + cut + " bytes");
        }
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void corruptedStreamsFailCleanlyOrDecode(String name) {
        byte[] quic = QuicFixtures.stream(name);
        int width = QuicFixtures.width(quic);
        int height = QuicFixtures.height(quic);
        Random random = new Random(name.hashCode());
        int rounds = quic.length > 10_000 ? 40 : 150;
        int failures = 0;
        for (int round = 0; round < rounds; round++) {
            byte[] bad = quic.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = 20 + random.nextInt(bad.length - 20);
                bad[at] ^= (byte) (1 << random.nextInt(8));
            }
            if (!decodesOrFailsCleanly(bad, width, height, name + " round " + round)) {
                failures++;
            }
        }
        // Tiny streams can absorb flips as different pixels; longer ones must notice some of them.
        assertTrue(quic.length < 1000 || failures > 0, "no corruption was ever detected in " + name);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void hostileBodiesFailCleanly(int type) {
        for (int fill : new int[] {0x00, 0xFF, 0x55, 0xAA, 0x80}) {
            byte[] stream = header(type, 64, 64, 4096);
            Arrays.fill(stream, 20, stream.length, (byte) fill);
            decodesOrFailsCleanly(stream, 64, 64, "type " + type + " fill " + fill);
        }
        byte[] noise = header(type, 300, 200, 200_000);
        byte[] body = new byte[noise.length - 20];
        new Random(type).nextBytes(body);
        System.arraycopy(body, 0, noise, 20, body.length);
        decodesOrFailsCleanly(noise, 300, 200, "type " + type + " noise");
    }

    @Test
    void rejectsDimensionsThatDisagreeWithTheDescriptor() {
        byte[] quic = QuicFixtures.stream("seabios-prompt");
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, 0, quic.length, 721, 400));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, 0, quic.length, 720, 399));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, 0, quic.length, 400, 720));
    }

    @Test
    void rejectsOversizedAndEmptyHeadersBeforeAllocating() {
        int side = Limits.MAX_DIMENSION;
        // 16384 x 16384 would be 1 GiB of pixels: refused by Limits, not attempted.
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(header(4, side, side, 84), 0, 84, side, side));
        assertThrows(SpiceImageException.class,
                () -> QuicDecoder.decode(header(4, side + 1, 1, 84), 0, 84, side + 1, 1));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(header(4, -1, -1, 84), 0, 84, -1, -1));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(header(4, 0, 5, 84), 0, 84, 0, 5));
    }

    @Test
    void rejectsBadMagicVersionTypeAndSlices() {
        byte[] quic = QuicFixtures.stream("rgb32-203x77");
        byte[] magic = quic.clone();
        magic[0] ^= 1;
        byte[] version = quic.clone();
        version[4] = 1;
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(magic, 0, magic.length, 203, 77));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(version, 0, version.length, 203, 77));
        for (int type : new int[] {0, 6, -1}) {
            byte[] bad = quic.clone();
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(8, type);
            assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(bad, 0, bad.length, 203, 77));
        }
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(null, 0, 0, 1, 1));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, -1, 10, 203, 77));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, 10, quic.length, 203, 77));
        assertThrows(SpiceImageException.class, () -> QuicDecoder.decode(quic, 0, -4, 203, 77));
    }

    @Test
    void ignoresTrailingPartialWord() throws Exception {
        byte[] quic = QuicFixtures.stream("rgb24-203x77");
        byte[] longer = Arrays.copyOf(quic, quic.length + 3);

        assertArrayEquals(QuicFixtures.expected("rgb24-203x77"), QuicDecoder.decode(longer, 0, longer.length, 203, 77));
    }

    /** True if it decoded, false if it threw SpiceImageException; anything else fails the test. */
    private static boolean decodesOrFailsCleanly(byte[] stream, int width, int height, String what) {
        try {
            int[] pixels = QuicDecoder.decode(stream, 0, stream.length, width, height);
            assertEquals(width * height, pixels.length, what);
            return true;
        } catch (SpiceImageException expected) {
            return false;
        } catch (RuntimeException e) {
            fail(what + " threw " + e, e);
            return false;
        }
    }

    private static byte[] header(int type, int width, int height, int totalLength) {
        ByteBuffer b = ByteBuffer.allocate(totalLength).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(QuicDecoder.MAGIC).putInt(0).putInt(type).putInt(width).putInt(height);
        return b.array();
    }

    private static void assertPixelsEqual(int[] expected, int[] actual, int width) {
        assertEquals(expected.length, actual.length, "pixel count");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                fail(String.format("pixel (%d,%d): expected %08x, got %08x", i % width, i / width, expected[i], actual[i]));
            }
        }
    }

    private static String sha256(int[] pixels) throws NoSuchAlgorithmException {
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(pixels);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
