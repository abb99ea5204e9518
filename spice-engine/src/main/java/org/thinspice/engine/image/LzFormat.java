package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Constants and pixel helpers shared by the LZ and GLZ decoders (spice-common {@code lz_common.h}).
 * Header words are big-endian, unlike the rest of SPICE.
 */
final class LzFormat {
    /** "LZ  " read as a big-endian word. */
    static final int MAGIC = 0x20205a4c;
    /** Version 1.1. */
    static final int VERSION = 0x00010001;

    static final int PLT1_LE = 1;
    static final int PLT1_BE = 2;
    static final int PLT4_LE = 3;
    static final int PLT4_BE = 4;
    static final int PLT8 = 5;
    static final int RGB16 = 6;
    static final int RGB24 = 7;
    static final int RGB32 = 8;
    static final int RGBA = 9;
    static final int XXXA = 10;
    static final int A8 = 11;

    /** Control bytes below this start a literal run; the rest start a back-reference. */
    static final int MAX_COPY = 32;

    private static final String[] NAMES = {"INVALID", "PLT1_LE", "PLT1_BE", "PLT4_LE", "PLT4_BE", "PLT8",
        "RGB16", "RGB24", "RGB32", "RGBA", "XXXA", "A8"};

    /** x555 to ARGB for every 15-bit value, so the RGB16 literal loop is one table load per pixel. */
    private static final int[] RGB555 = new int[1 << 15];

    static {
        for (int v = 0; v < RGB555.length; v++) {
            RGB555[v] = 0xFF000000 | widen5(v >> 10) << 16 | widen5(v >> 5) << 8 | widen5(v);
        }
    }

    private LzFormat() {
    }

    static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : Integer.toString(type);
    }

    static boolean isPalette(int type) {
        return type >= PLT1_LE && type <= PLT8;
    }

    /** Pixels packed in one byte of a palette stream. */
    static int pixelsPerByte(int type) {
        switch (type) {
            case PLT1_LE:
            case PLT1_BE:
                return 8;
            case PLT4_LE:
            case PLT4_BE:
                return 2;
            default:
                return 1;
        }
    }

    /** Bytes per pixel of the source bitmap the encoder saw; fixes the stride the header must carry. */
    static int bytesPerPixel(int type) {
        switch (type) {
            case RGB16:
                return 2;
            case RGB24:
                return 3;
            case RGB32:
            case RGBA:
            case XXXA:
                return 4;
            default:
                return 1;
        }
    }

    /** One big-endian x555 pixel (top bit ignored) as opaque ARGB. */
    static int rgb16(int hi, int lo) {
        return RGB555[(hi & 0x7F) << 8 | lo & 0xFF];
    }

    private static int widen5(int v) {
        v &= 0x1F;
        return v << 3 | v >> 2;
    }

    static int u32be(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }

    /** Reverses the row order of a {@code width}-wide image in place (bottom-up to top-down). */
    static void flipRows(int[] px, int width, int height) {
        int[] tmp = new int[width];
        for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
            System.arraycopy(px, top * width, tmp, 0, width);
            System.arraycopy(px, bottom * width, px, top * width, width);
            System.arraycopy(tmp, 0, px, bottom * width, width);
        }
    }

    /** Checks that a decoder's caller handed in a slice inside its array. */
    static void checkSlice(byte[] data, int offset, int length) throws SpiceImageException {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw new SpiceImageException("input slice out of range");
        }
    }

    static SpiceImageException truncated(String codec) {
        return new SpiceImageException(codec + " stream truncated");
    }

    /**
     * Copies a literal run of {@code run} RGB16 (two bytes, x555) or RGB24/32 (B, G, R bytes) pixels from
     * {@code in[pos..]} to {@code out[op..]} with alpha 0xFF; the caller has checked both bounds. Returns
     * the input position after the run.
     */
    static int literalPixels(byte[] in, int pos, int[] out, int op, int run, boolean rgb16) {
        int p = pos;
        int stop = op + run;
        if (rgb16) {
            for (int o = op; o < stop; o++, p += 2) {
                out[o] = rgb16(in[p], in[p + 1]);
            }
        } else {
            for (int o = op; o < stop; o++, p += 3) {
                out[o] = 0xFF000000 | (in[p + 2] & 0xFF) << 16 | (in[p + 1] & 0xFF) << 8 | in[p] & 0xFF;
            }
        }
        return p;
    }
}
