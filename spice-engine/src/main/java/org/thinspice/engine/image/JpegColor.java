package org.thinspice.engine.image;

/**
 * YCbCr to RGB in 16-bit fixed point with the JFIF (BT.601 full-range) coefficients, rounded the way
 * libjpeg rounds them: each of the red and blue offsets is one rounded product, green sums two unrounded
 * products and rounds once. Computed rather than looked up: multiplies are cheaper here than
 * bounds-checked table reads.
 */
final class JpegColor {
    private static final int SCALE = 16;
    private static final int HALF = 1 << (SCALE - 1);

    private static final int R_CR = fix(1.40200);
    private static final int B_CB = fix(1.77200);
    private static final int G_CR = fix(0.71414);
    private static final int G_CB = fix(0.34414);

    private JpegColor() {
    }

    private static int fix(double v) {
        return (int) (v * (1 << SCALE) + 0.5);
    }

    static void yccRow(int[] yRow, int[] cbRow, int[] crRow, int width, int[] argb, int offset) {
        for (int x = 0; x < width; x++) {
            int y = yRow[x];
            int cb = cbRow[x] - 128;
            int cr = crRow[x] - 128;
            int r = y + ((R_CR * cr + HALF) >> SCALE);
            int g = y + ((-G_CB * cb - G_CR * cr + HALF) >> SCALE);
            int b = y + ((B_CB * cb + HALF) >> SCALE);
            if (((r | g | b) & ~0xFF) != 0) {
                r = clamp(r);
                g = clamp(g);
                b = clamp(b);
            }
            argb[offset + x] = 0xFF000000 | (r << 16) | (g << 8) | b;
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
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
