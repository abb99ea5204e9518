package org.thinspice.engine.image;

/**
 * Brings one component's decoded rows up to full image resolution, one output row at a time.
 *
 * <p>With fancy upsampling (libjpeg's default, used by spice-gtk for still JPEG images) 2:1 ratios are
 * interpolated with the triangle filter (weights 3/4 and 1/4 of the nearer and farther sample, edges
 * replicated, alternating rounding biases) exactly as libjpeg-turbo does; every other integral ratio, and
 * every ratio without fancy upsampling (spice-gtk's MJPEG setting), replicates samples.
 */
final class JpegUpsampler {
    private enum Kind { FULL, H2V1_FANCY, H1V2_FANCY, H2V2_FANCY, REPLICATE }

    private final JpegComponent c;
    private final Kind kind;
    private final int hFactor;
    private final int vFactor;
    /** Column sums of two rows for the 2x2 triangle filter. */
    private final int[] columnSums;

    JpegUpsampler(JpegComponent c, int hMax, int vMax, boolean fancy) {
        this.c = c;
        this.hFactor = hMax / c.h;
        this.vFactor = vMax / c.v;
        if (hFactor == 1 && vFactor == 1) {
            kind = Kind.FULL;
        } else if (fancy && hFactor == 2 && vFactor == 1 && c.width > 2) {
            kind = Kind.H2V1_FANCY;
        } else if (fancy && hFactor == 1 && vFactor == 2) {
            kind = Kind.H1V2_FANCY;
        } else if (fancy && hFactor == 2 && vFactor == 2 && c.width > 2) {
            kind = Kind.H2V2_FANCY;
        } else {
            kind = Kind.REPLICATE;
        }
        columnSums = kind == Kind.H2V2_FANCY ? new int[c.width] : null;
    }

    /** Row buffers passed to {@link #row} must hold this many entries. */
    static int rowCapacity(JpegFrame f) {
        return f.mcusWide * f.hMax * 8;
    }

    /** Writes full-resolution samples of image row {@code y} into {@code out} (at least the image width). */
    void row(int y, int[] out) {
        switch (kind) {
            case FULL:
                copy(y, out);
                break;
            case H2V1_FANCY:
                h2v1(y, out);
                break;
            case H1V2_FANCY:
                h1v2(y, out);
                break;
            case H2V2_FANCY:
                h2v2(y, out);
                break;
            default:
                replicate(y, out);
                break;
        }
    }

    private void copy(int y, int[] out) {
        byte[] p = c.plane;
        int base = y * c.stride;
        for (int x = 0, n = c.width; x < n; x++) {
            out[x] = p[base + x] & 0xFF;
        }
    }

    private void replicate(int y, int[] out) {
        byte[] p = c.plane;
        int base = (y / vFactor) * c.stride;
        int o = 0;
        for (int x = 0, n = c.width; x < n; x++) {
            int v = p[base + x] & 0xFF;
            for (int i = 0; i < hFactor; i++) {
                out[o++] = v;
            }
        }
    }

    /** The other row the vertical triangle filter blends in: above for even rows, below for odd, clamped. */
    private int farRow(int y) {
        int near = y >> 1;
        int far = (y & 1) == 0 ? near - 1 : near + 1;
        return Math.max(0, Math.min(c.height - 1, far));
    }

    private void h2v1(int y, int[] out) {
        byte[] p = c.plane;
        int base = y * c.stride;
        int last = c.width - 1;
        // the first sample has no left neighbour; (4 * v + 1) >> 2 copies it
        int prev = p[base] & 0xFF;
        int cur = prev;
        for (int i = 0; i < last; i++) {
            int next = p[base + i + 1] & 0xFF;
            int w = cur * 3;
            out[2 * i] = (w + prev + 1) >> 2;
            out[2 * i + 1] = (w + next + 2) >> 2;
            prev = cur;
            cur = next;
        }
        out[2 * last] = (cur * 3 + prev + 1) >> 2;
        out[2 * last + 1] = cur;
    }

    private void h1v2(int y, int[] out) {
        byte[] p = c.plane;
        int near = (y >> 1) * c.stride;
        int far = farRow(y) * c.stride;
        int bias = (y & 1) == 0 ? 1 : 2;
        for (int x = 0, n = c.width; x < n; x++) {
            out[x] = (3 * (p[near + x] & 0xFF) + (p[far + x] & 0xFF) + bias) >> 2;
        }
    }

    private void h2v2(int y, int[] out) {
        byte[] p = c.plane;
        int near = (y >> 1) * c.stride;
        int far = farRow(y) * c.stride;
        int[] sums = columnSums;
        int n = c.width;
        for (int x = 0; x < n; x++) {
            sums[x] = 3 * (p[near + x] & 0xFF) + (p[far + x] & 0xFF);
        }
        int last = n - 1;
        out[0] = (sums[0] * 4 + 8) >> 4;
        out[1] = (sums[0] * 3 + sums[1] + 7) >> 4;
        for (int i = 1; i < last; i++) {
            int w = sums[i] * 3;
            out[2 * i] = (w + sums[i - 1] + 8) >> 4;
            out[2 * i + 1] = (w + sums[i + 1] + 7) >> 4;
        }
        out[2 * last] = (sums[last] * 3 + sums[last - 1] + 8) >> 4;
        out[2 * last + 1] = (sums[last] * 4 + 7) >> 4;
    }
}
