package org.thinspice.engine.image;

/**
 * YCbCr to RGB in 16-bit fixed point with the JFIF (BT.601 full-range) coefficients, rounded the way
 * libjpeg rounds them: red and blue offsets are rounded per chroma value, green sums two unrounded
 * products and rounds once.
 */
final class JpegColor {
    private static final int SCALE = 16;
    private static final int HALF = 1 << (SCALE - 1);

    private static final int[] CR_TO_R = new int[256];
    private static final int[] CB_TO_B = new int[256];
    private static final int[] CR_TO_G = new int[256];
    private static final int[] CB_TO_G = new int[256];
    /** Clamps -256..511 to 0..255 (index + 256). */
    private static final int[] CLAMP = new int[768];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_TO_R[i] = (fix(1.40200) * x + HALF) >> SCALE;
            CB_TO_B[i] = (fix(1.77200) * x + HALF) >> SCALE;
            CR_TO_G[i] = -fix(0.71414) * x;
            CB_TO_G[i] = -fix(0.34414) * x + HALF;
        }
        for (int i = 0; i < CLAMP.length; i++) {
            CLAMP[i] = Math.max(0, Math.min(255, i - 256));
        }
    }

    private JpegColor() {
    }

    private static int fix(double v) {
        return (int) (v * (1 << SCALE) + 0.5);
    }

    static void yccRow(int[] yRow, int[] cbRow, int[] crRow, int width, int[] argb, int offset) {
        for (int x = 0; x < width; x++) {
            int y = yRow[x] + 256;
            int cb = cbRow[x];
            int cr = crRow[x];
            int r = CLAMP[y + CR_TO_R[cr]];
            int g = CLAMP[y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE)];
            int b = CLAMP[y + CB_TO_B[cb]];
            argb[offset + x] = 0xFF000000 | (r << 16) | (g << 8) | b;
        }
    }

    static void rgbRow(int[] rRow, int[] gRow, int[] bRow, int width, int[] argb, int offset) {
        for (int x = 0; x < width; x++) {
            argb[offset + x] = 0xFF000000 | (rRow[x] << 16) | (gRow[x] << 8) | bRow[x];
        }
    }

    static void greyRow(int[] row, int width, int[] argb, int offset) {
        for (int x = 0; x < width; x++) {
            argb[offset + x] = 0xFF000000 | (row[x] * 0x010101);
        }
    }
}
