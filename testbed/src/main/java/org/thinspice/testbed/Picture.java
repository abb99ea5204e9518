package org.thinspice.testbed;

import java.util.Arrays;
import java.util.Optional;

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

    /**
     * Where {@code inner} appears in this picture at 1:1 with at most {@code maxMismatches} pixels of it
     * differing (room for a pointer drawn over it): the top-left corner as {@code {x, y}}, if anywhere.
     * The oracle for "a viewer window shows exactly the guest's screen".
     */
    public Optional<int[]> locate(Picture inner, int maxMismatches) {
        int[] probes = probes(inner);
        int allowedProbeMisses = Math.max(1, probes.length / 16);
        for (int oy = 0; oy + inner.height <= height; oy++) {
            for (int ox = 0; ox + inner.width <= width; ox++) {
                int misses = 0;
                for (int i = 0; i < probes.length && misses <= allowedProbeMisses; i++) {
                    int x = probes[i] % inner.width;
                    int y = probes[i] / inner.width;
                    if (((argb[(oy + y) * width + ox + x] ^ inner.argb[probes[i]]) & 0xFFFFFF) != 0) {
                        misses++;
                    }
                }
                if (misses <= allowedProbeMisses && mismatches(inner, ox, oy, maxMismatches) <= maxMismatches) {
                    return Optional.of(new int[] {ox, oy});
                }
            }
        }
        return Optional.empty();
    }

    /** Pixels of {@code inner} that differ from this picture at offset (ox, oy), counting up to just past {@code cap}. */
    private int mismatches(Picture inner, int ox, int oy, int cap) {
        int n = 0;
        for (int y = 0; y < inner.height && n <= cap; y++) {
            int row = (oy + y) * width + ox;
            for (int x = 0; x < inner.width; x++) {
                if (((argb[row + x] ^ inner.argb[y * inner.width + x]) & 0xFFFFFF) != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** 256 pixel indexes spread over {@code p} on a grid: cheap first test of a candidate offset. */
    private static int[] probes(Picture p) {
        int[] out = new int[256];
        for (int i = 0; i < 256; i++) {
            int x = (i % 16) * p.width / 16 + p.width / 32;
            int y = (i / 16) * p.height / 16 + p.height / 32;
            out[i] = Math.min(y, p.height - 1) * p.width + Math.min(x, p.width - 1);
        }
        return out;
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
