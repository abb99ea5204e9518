package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitmapDecoderTest {
    private static final int BACK = 0xFF102030;
    private static final int FORE = 0xFFA0B0C0;
    /** Padding bytes: if the decoder read them, results would change. */
    private static final byte PAD = (byte) 0xEE;

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    private static int[] decode(BitmapFormat f, boolean topDown, int w, int h, int stride, byte[] data, int[] pal)
            throws SpiceProtocolException {
        return BitmapDecoder.decode(f.code(), topDown, w, h, stride, data, 0, data.length, pal);
    }

    @Test
    void oneBitBigEndianTakesTheHighBitFirst() throws Exception {
        // 10 px: 1000 0001 | 01xx xxxx, then 2 padding bytes of stride 4
        byte[] data = b(0b1000_0001, 0b0100_0000, 0xEE, 0xEE);
        int[] px = decode(BitmapFormat.ONE_BIT_BE, true, 10, 1, 4, data, new int[] {BACK, FORE});
        assertArrayEquals(new int[] {FORE, BACK, BACK, BACK, BACK, BACK, BACK, FORE, BACK, FORE}, px);
    }

    @Test
    void oneBitLittleEndianTakesTheLowBitFirst() throws Exception {
        byte[] data = b(0b1000_0001, 0b0000_0010, 0xEE, 0xEE);
        int[] px = decode(BitmapFormat.ONE_BIT_LE, true, 10, 1, 4, data, new int[] {BACK, FORE});
        assertArrayEquals(new int[] {FORE, BACK, BACK, BACK, BACK, BACK, BACK, FORE, BACK, FORE}, px);
    }

    @Test
    void fourBitNibbleOrderDependsOnEndianness() throws Exception {
        int[] pal = new int[16];
        for (int i = 0; i < 16; i++) {
            pal[i] = 0xFF000000 | i * 0x111111;
        }
        byte[] data = b(0x12, 0x30, PAD);
        assertArrayEquals(new int[] {pal[1], pal[2], pal[3]}, decode(BitmapFormat.FOUR_BIT_BE, true, 3, 1, 3, data, pal));
        assertArrayEquals(new int[] {pal[2], pal[1], pal[0]}, decode(BitmapFormat.FOUR_BIT_LE, true, 3, 1, 3, data, pal));
    }

    @Test
    void eightBitLooksUpThePaletteAndForcesAlpha() throws Exception {
        int[] pal = {0x00000000, 0x00FF0000, 0x7F00FF00}; // xRGB entries, alpha must not leak
        byte[] data = b(2, 0, 1, PAD);
        assertArrayEquals(new int[] {0xFF00FF00, 0xFF000000, 0xFFFF0000},
                decode(BitmapFormat.EIGHT_BIT, true, 3, 1, 4, data, pal));
    }

    @Test
    void sixteenBitWidensEachChannelByBitReplication() throws Exception {
        // little-endian u16: 0x7FFF white, 0x7C00 red, 0x0010 blue 16/31, 0x0001 blue 1/31
        byte[] data = b(0xFF, 0x7F, 0x00, 0x7C, 0x10, 0x00, 0x01, 0x00);
        assertArrayEquals(new int[] {0xFFFFFFFF, 0xFFFF0000, 0xFF000084, 0xFF000008},
                decode(BitmapFormat.SIXTEEN_BIT, true, 4, 1, 8, data, null));
        assertEquals(0xFF000000, BitmapDecoder.x555ToArgb(0x8000), "the x bit is ignored");
    }

    @Test
    void twentyFourBitIsBlueGreenRed() throws Exception {
        byte[] data = b(0x01, 0x02, 0x03, 0xFF, 0x00, 0x80, PAD, PAD);
        assertArrayEquals(new int[] {0xFF030201, 0xFF8000FF}, decode(BitmapFormat.TWENTY_FOUR_BIT, true, 2, 1, 8, data, null));
    }

    @Test
    void thirtyTwoBitIgnoresTheFourthByte() throws Exception {
        byte[] data = b(0x01, 0x02, 0x03, 0x00, 0x10, 0x20, 0x30, 0x55);
        assertArrayEquals(new int[] {0xFF030201, 0xFF302010}, decode(BitmapFormat.THIRTY_TWO_BIT, true, 2, 1, 8, data, null));
    }

    @Test
    void rgbaKeepsAlpha() throws Exception {
        byte[] data = b(0x01, 0x02, 0x03, 0x00, 0x10, 0x20, 0x30, 0x80);
        assertArrayEquals(new int[] {0x00030201, 0x80302010}, decode(BitmapFormat.RGBA, true, 2, 1, 8, data, null));
    }

    @Test
    void eightBitAlphaGivesAlphaOnly() throws Exception {
        byte[] data = b(0x00, 0x7F, 0xFF, PAD);
        assertArrayEquals(new int[] {0x00000000, 0x7F000000, 0xFF000000},
                decode(BitmapFormat.EIGHT_BIT_A, true, 3, 1, 4, data, null));
    }

    @Test
    void bottomUpRowsAreFlippedAndPaddingSkipped() throws Exception {
        // 2x3 24-bit, stride 8 (6 bytes + 2 padding); stored bottom row first
        byte[] data = b(
                0x03, 0, 0, 0x03, 0, 0, PAD, PAD,   // bottom row: blue 3
                0x02, 0, 0, 0x02, 0, 0, PAD, PAD,
                0x01, 0, 0, 0x01, 0, 0, PAD, PAD);  // top row: blue 1
        int[] px = decode(BitmapFormat.TWENTY_FOUR_BIT, false, 2, 3, 8, data, null);
        assertArrayEquals(new int[] {0xFF000001, 0xFF000001, 0xFF000002, 0xFF000002, 0xFF000003, 0xFF000003}, px);
        int[] topDown = decode(BitmapFormat.TWENTY_FOUR_BIT, true, 2, 3, 8, data, null);
        assertEquals(0xFF000003, topDown[0]);
        assertEquals(0xFF000001, topDown[5]);
    }

    @Test
    void bottomUpOneBitRowsUseStride() throws Exception {
        byte[] data = b(0x80, PAD, PAD, PAD, 0x40, PAD, PAD, PAD); // bottom row px0 set, top row px1 set
        int[] px = decode(BitmapFormat.ONE_BIT_BE, false, 2, 2, 4, data, new int[] {BACK, FORE});
        assertArrayEquals(new int[] {BACK, FORE, FORE, BACK}, px);
    }

    @Test
    void readsFromAnOffsetIntoTheArray() throws Exception {
        byte[] data = b(PAD, PAD, 0x01, 0x02, 0x03, 0x04, PAD);
        int[] px = BitmapDecoder.decode(BitmapFormat.RGBA.code(), true, 1, 1, 4, data, 2, 4, null);
        assertArrayEquals(new int[] {0x04030201}, px);
    }

    @Test
    void rejectsAStrideShorterThanARow() {
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> decode(BitmapFormat.THIRTY_TWO_BIT, true, 3, 1, 11, new byte[12], null));
        assertTrue(e.getMessage().contains("stride 11"), e.getMessage());
        assertThrows(SpiceImageException.class, () -> decode(BitmapFormat.ONE_BIT_LE, true, 9, 1, 1, new byte[4], new int[2]));
    }

    @Test
    void rejectsDataShorterThanStrideTimesHeight() {
        // the last row would fit in 3 bytes, but spice-common reads stride*height
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> decode(BitmapFormat.EIGHT_BIT_A, true, 3, 2, 4, new byte[7], null));
        assertTrue(e.getMessage().contains("needs 8 bytes"), e.getMessage());
    }

    @Test
    void rejectsUnknownFormats() {
        for (int f : new int[] {0, 11, 255, -1}) {
            assertThrows(SpiceImageException.class, () -> BitmapDecoder.decode(f, true, 1, 1, 4, new byte[4], 0, 4, null));
        }
    }

    @Test
    void rejectsMissingEmptyOrOversizedPalettes() {
        byte[] data = new byte[4];
        assertThrows(SpiceImageException.class, () -> decode(BitmapFormat.EIGHT_BIT, true, 1, 1, 4, data, null));
        assertThrows(SpiceImageException.class, () -> decode(BitmapFormat.ONE_BIT_BE, true, 1, 1, 4, data, new int[0]));
        assertThrows(SpiceImageException.class, () -> decode(BitmapFormat.EIGHT_BIT, true, 1, 1, 4, data, new int[257]));
    }

    @Test
    void rejectsIndicesPastThePalette() {
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> decode(BitmapFormat.EIGHT_BIT, true, 2, 1, 2, b(1, 5), new int[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("index 5"), e.getMessage());
        // a one-entry palette serves a 1-bit image only while every bit is 0
        assertArrayEquals(new int[] {BACK}, uncheckedDecode(BitmapFormat.ONE_BIT_BE, b(0x00), new int[] {BACK}));
        assertThrows(SpiceImageException.class, () -> decode(BitmapFormat.ONE_BIT_BE, true, 1, 1, 1, b(0x80), new int[] {BACK}));
    }

    private static int[] uncheckedDecode(BitmapFormat f, byte[] data, int[] pal) {
        try {
            return decode(f, true, 1, 1, data.length, data, pal);
        } catch (SpiceProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void dimensionsBeyondLimitsAreLimitErrors() {
        SpiceProtocolException e = assertThrows(SpiceProtocolException.class,
                () -> BitmapDecoder.decode(8, true, 20000, 1, 80000, new byte[4], 0, 4, null));
        assertEquals(SpiceReason.LIMIT_EXCEEDED, e.reason());
        assertThrows(SpiceProtocolException.class, () -> BitmapDecoder.decode(8, true, 0, 1, 0, new byte[0], 0, 0, null));
    }

    @Test
    void everyFormatDecodesAWholeImageOfTheRightSize() throws Exception {
        int[] pal = new int[256];
        for (BitmapFormat f : BitmapFormat.values()) {
            int w = 13;
            int h = 7;
            int stride = (int) f.rowBytes(w) + 3;
            int[] px = decode(f, false, w, h, stride, new byte[stride * h], pal);
            assertEquals(w * h, px.length, f.toString());
        }
    }
}
