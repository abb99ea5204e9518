package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/** Expands rows of packed palette indices (1, 4 or 8 bits, either bit order) into opaque ARGB. */
final class LzPalette {
    private LzPalette() {
    }

    static void expandRow(int type, byte[] in, int inPos, int[] out, int outPos, int width, int[] palette)
            throws SpiceImageException {
        switch (type) {
            case LzFormat.PLT8:
                for (int x = 0; x < width; x++) {
                    out[outPos + x] = entry(palette, in[inPos + x] & 0xFF);
                }
                break;
            case LzFormat.PLT4_LE:
            case LzFormat.PLT4_BE:
                // LE: the low nibble is the left pixel; BE: the high nibble is
                int firstShift = type == LzFormat.PLT4_LE ? 0 : 4;
                for (int x = 0; x < width; x++) {
                    int b = in[inPos + (x >> 1)] & 0xFF;
                    int shift = (x & 1) == 0 ? firstShift : 4 - firstShift;
                    out[outPos + x] = entry(palette, b >> shift & 0x0F);
                }
                break;
            case LzFormat.PLT1_LE:
            case LzFormat.PLT1_BE:
                // LE: bit 0 is the left pixel; BE: bit 7 is
                boolean le = type == LzFormat.PLT1_LE;
                for (int x = 0; x < width; x++) {
                    int b = in[inPos + (x >> 3)] & 0xFF;
                    int bit = le ? x & 7 : 7 - (x & 7);
                    out[outPos + x] = entry(palette, b >> bit & 1);
                }
                break;
            default:
                throw new SpiceImageException("LZ type " + LzFormat.name(type) + " is not a palette type");
        }
    }

    private static int entry(int[] palette, int index) throws SpiceImageException {
        if (index >= palette.length) {
            throw new SpiceImageException("palette index " + index + " beyond a palette of " + palette.length);
        }
        return 0xFF000000 | palette[index];
    }
}
