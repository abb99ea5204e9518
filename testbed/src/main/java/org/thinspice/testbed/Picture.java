package org.thinspice.testbed;

import java.util.Arrays;

/**
 * An RGB picture as QEMU's {@code screendump} produced it: {@code width x height} pixels, top-down rows,
 * each pixel {@code 0xFFRRGGBB}. The pixel array is shared, not copied (test code only).
 */
public final class Picture {
    private final int width;
    private final int height;
    private final int[] argb;

    /** @param argb {@code width*height} pixels, row-major, top-down, {@code 0xFFRRGGBB}; not copied. */
    public Picture(int width, int height, int[] argb) {
        if (width < 0 || height < 0 || (long) width * height != argb.length) {
            throw new IllegalArgumentException("picture " + width + "x" + height + " with " + argb.length + " pixels");
        }
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array (row-major, top-down, {@code 0xFFRRGGBB}); not a copy. */
    public int[] pixels() {
        return argb;
    }

    /** The pixel at (x, y) as {@code 0xFFRRGGBB}. */
    public int argb(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + "," + y + ") outside " + width + "x" + height);
        }
        return argb[y * width + x];
    }

    /** The pixel at (x, y) as {@code 0xRRGGBB} (alpha dropped). */
    public int rgb(int x, int y) {
        return argb(x, y) & 0xFFFFFF;
    }

    /** Number of pixels whose RGB is not {@code 0x000000}. */
    public int countNonBlack() {
        int n = 0;
        for (int p : argb) {
            if ((p & 0xFFFFFF) != 0) {
                n++;
            }
        }
        return n;
    }

    /** Same size and same RGB in every pixel (alpha ignored). */
    public boolean sameRgb(Picture other) {
        if (other.width != width || other.height != height) {
            return false;
        }
        for (int i = 0; i < argb.length; i++) {
            if (((argb[i] ^ other.argb[i]) & 0xFFFFFF) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Picture p && p.width == width && p.height == height && Arrays.equals(p.argb, argb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(argb);
    }

    @Override
    public String toString() {
        return "Picture[" + width + "x" + height + "]";
    }
}
