package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LzPaletteTest {
    /** Entries as the wire carries them (xRGB, top byte not alpha); results are opaque. */
    private static final int[] PALETTE = new int[16];

    static {
        for (int i = 0; i < PALETTE.length; i++) {
            PALETTE[i] = 0x00010203 * (i + 1);
        }
    }

    private static int c(int index) {
        return 0xFF000000 | PALETTE[index];
    }

    private static int[] plt(LzTestStreams s, int w, int h, int[] palette) throws SpiceProtocolException {
        byte[] stream = s.bytes();
        int[] plain = LzDecoder.decodePalette(stream, 0, stream.length, w, h, palette);
        byte[] framed = LzTestStreams.framed(stream, 9);
        assertArrayEquals(plain, LzDecoder.decodePalette(framed, 9, stream.length, w, h, palette));
        return plain;
    }

    @Test
    void plt8MapsEachByteAndCopiesMatchesInBytes() throws Exception {
        int[] px = plt(LzTestStreams.lz(LzFormat.PLT8, 6, 1, 6, true).bytes(3, 1, 4).lzRef(3, 3, 3), 6, 1, PALETTE);
        assertArrayEquals(new int[] {c(3), c(1), c(4), c(3), c(1), c(4)}, px);
    }

    @Test
    void plt4NibbleOrderDependsOnEndianness() throws Exception {
        // width 3 -> stride 2, the last nibble of each row is padding
        int[] le = plt(LzTestStreams.lz(LzFormat.PLT4_LE, 3, 2, 2, true).bytes(0x21, 0xF3, 0x54, 0x06), 3, 2, PALETTE);
        assertArrayEquals(new int[] {c(1), c(2), c(3), c(4), c(5), c(6)}, le);
        int[] be = plt(LzTestStreams.lz(LzFormat.PLT4_BE, 3, 2, 2, true).bytes(0x12, 0x3F, 0x45, 0x60), 3, 2, PALETTE);
        assertArrayEquals(new int[] {c(1), c(2), c(3), c(4), c(5), c(6)}, be);
    }

    @Test
    void plt1BitOrderDependsOnEndianness() throws Exception {
        // width 10 -> stride 2; pattern 1,0,0,0,0,0,0,1, 1,0
        int[] want = {c(1), c(0), c(0), c(0), c(0), c(0), c(0), c(1), c(1), c(0)};
        assertArrayEquals(want, plt(LzTestStreams.lz(LzFormat.PLT1_LE, 10, 1, 2, true).bytes(0x81, 0xFD), 10, 1, PALETTE));
        assertArrayEquals(want, plt(LzTestStreams.lz(LzFormat.PLT1_BE, 10, 1, 2, true).bytes(0x81, 0xBF), 10, 1, PALETTE));
    }

    @Test
    void bottomUpPaletteRowsAreFlipped() throws Exception {
        // stream rows F0 0F F0 0F F0 0F (the last three by reference); shown bottom-up
        int[] px = plt(LzTestStreams.lz(LzFormat.PLT1_BE, 8, 6, 1, false).bytes(0xF0, 0x0F, 0xF0).lzRef(3, 2, 3), 8, 6,
                PALETTE);
        int[] want = new int[48];
        for (int row = 0; row < 6; row++) {
            boolean leftOn = ((5 - row) & 1) == 0;
            for (int x = 0; x < 8; x++) {
                want[row * 8 + x] = c((x < 4) == leftOn ? 1 : 0);
            }
        }
        assertArrayEquals(want, px);
    }

    @Test
    void indexBeyondThePaletteIsRejected() {
        byte[] s = LzTestStreams.lz(LzFormat.PLT8, 2, 1, 2, true).bytes(1, 2).bytes();
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> LzDecoder.decodePalette(s, 0, s.length, 2, 1, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("palette index 2"), e.getMessage());
        assertThrows(SpiceImageException.class, () -> LzDecoder.decodePalette(s, 0, s.length, 2, 1, null));
    }

    @Test
    void paddingNibblesAreNotCheckedAgainstThePalette() throws Exception {
        // width 1: the second nibble is padding holding index 15 beyond a 2-entry palette
        byte[] s = LzTestStreams.lz(LzFormat.PLT4_BE, 1, 1, 1, true).bytes(0x1F).bytes();
        assertArrayEquals(new int[] {0xFF000000 | 7}, LzDecoder.decodePalette(s, 0, s.length, 1, 1, new int[] {0, 7}));
    }

    @Test
    void paletteStrideMustBeThePackedRowLength() {
        byte[] s = LzTestStreams.lz(LzFormat.PLT4_LE, 3, 1, 3, true).bytes(0, 0, 0).bytes();
        assertThrows(SpiceImageException.class, () -> LzDecoder.decodePalette(s, 0, s.length, 3, 1, PALETTE));
    }

    @Test
    void rgbStreamsInAPaletteImageDecodeAsRgb() throws Exception {
        byte[] s = LzTestStreams.lz(LzFormat.RGB32, 1, 1, 4, true).rgb(0xFF123456).bytes();
        assertArrayEquals(new int[] {0xFF123456}, LzDecoder.decodePalette(s, 0, s.length, 1, 1, null));
    }
}
