package org.thinspice.client.session;

import java.nio.IntBuffer;

/**
 * Bilinear scaling of an opaque XRGB picture ({@code srcW x srcH}) into one of {@code dstW x dstH},
 * a rectangle at a time, so that only what changed is scaled. The sample point of destination pixel
 * {@code d} is source position {@code (d + 0.5) * src / dst - 0.5}, clamped to the picture (edges repeat),
 * in 1/256 steps; colours are mixed per channel with 8-bit weights, two channels at a time in one int.
 * When the sizes are equal every weight is 0 and the result is the source, bit for bit. Not thread-safe
 * (it keeps two scaled rows between calls); the FX thread owns one.
 */
public final class FitScaler {
    private final int srcW;
    private final int srcH;
    private final int dstW;
    private final int dstH;
    /**
     * Per destination column: the left source column, the right one (clamped; the left one again when its
     * weight is 0, so a pixel depends only on the source pixels it mixes), the right one's weight 0..255.
     */
    private final int[] x0;
    private final int[] x1;
    private final int[] xw;
    private final int[] y0;
    private final int[] y1;
    private final int[] yw;
    private final int[] rowA;
    private final int[] rowB;
    private final int[] out;

    public FitScaler(int srcW, int srcH, int dstW, int dstH) {
        if (srcW <= 0 || srcH <= 0 || dstW <= 0 || dstH <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + srcW + "x" + srcH + " -> " + dstW + "x" + dstH);
        }
        this.srcW = srcW;
        this.srcH = srcH;
        this.dstW = dstW;
        this.dstH = dstH;
        x0 = new int[dstW];
        x1 = new int[dstW];
        xw = new int[dstW];
        y0 = new int[dstH];
        y1 = new int[dstH];
        yw = new int[dstH];
        axis(srcW, dstW, x0, x1, xw);
        axis(srcH, dstH, y0, y1, yw);
        rowA = new int[dstW];
        rowB = new int[dstW];
        out = new int[dstW];
    }

    private static void axis(int src, int dst, int[] lo, int[] hi, int[] weight) {
        for (int d = 0; d < dst; d++) {
            // (d + 0.5) * src / dst - 0.5, in 1/256 of a source pixel
            long pos = ((2L * d + 1) * src * 256) / (2L * dst) - 128;
            if (pos < 0) {
                pos = 0;
            }
            int i = (int) (pos >> 8);
            int w = (int) (pos & 255);
            if (i >= src - 1) {
                i = src - 1;
                w = 0;
            }
            lo[d] = i;
            hi[d] = w == 0 ? i : Math.min(i + 1, src - 1);
            weight[d] = w;
        }
    }

    /** The largest size with the source's aspect that fits {@code viewW x viewH} (at least 1x1). */
    public static int[] fit(int srcW, int srcH, int viewW, int viewH) {
        long wByH = (long) viewH * srcW / srcH;
        if (wByH <= viewW) {
            return new int[] {(int) Math.max(1, wByH), Math.max(1, viewH)};
        }
        return new int[] {Math.max(1, viewW), (int) Math.max(1, (long) viewW * srcH / srcW)};
    }

    public int srcWidth() {
        return srcW;
    }

    public int srcHeight() {
        return srcH;
    }

    public int dstWidth() {
        return dstW;
    }

    public int dstHeight() {
        return dstH;
    }

    /**
     * The destination rectangle {x, y, w, h} whose pixels read any source pixel of the (clipped) source
     * rectangle; width or height 0 when none.
     */
    public int[] dirty(int x, int y, int w, int h) {
        int[] cx = span(x0, x1, dstW, Math.max(0, x), Math.min(srcW, x + w));
        int[] cy = span(y0, y1, dstH, Math.max(0, y), Math.min(srcH, y + h));
        if (cx[1] <= cx[0] || cy[1] <= cy[0]) {
            return new int[] {0, 0, 0, 0};
        }
        return new int[] {cx[0], cy[0], cx[1] - cx[0], cy[1] - cy[0]};
    }

    /** [first, end) of the destination positions that read a source position in [from, to). */
    private static int[] span(int[] lo, int[] hi, int n, int from, int to) {
        if (from >= to) {
            return new int[] {0, 0};
        }
        int first = 0;
        while (first < n && hi[first] < from) {
            first++;
        }
        int end = first;
        while (end < n && lo[end] < to) {
            end++;
        }
        return new int[] {first, end};
    }

    /**
     * Scales the destination rectangle {@code (dx, dy, dw, dh)} from {@code src} (row stride
     * {@code srcW}) into {@code dst} (row stride {@code dstW}, absolute indices).
     */
    public void scale(int[] src, int dx, int dy, int dw, int dh, IntBuffer dst) {
        if (dx < 0 || dy < 0 || dw < 0 || dh < 0 || dx + dw > dstW || dy + dh > dstH) {
            throw new IllegalArgumentException("rectangle " + dx + "," + dy + " " + dw + "x" + dh + " outside " + dstW + "x" + dstH);
        }
        if (src.length < srcW * srcH) {
            throw new IllegalArgumentException("source has " + src.length + " pixels, not " + srcW + "x" + srcH);
        }
        int rowOfA = -1;
        int rowOfB = -1;
        int end = dx + dw;
        for (int d = dy; d < dy + dh; d++) {
            int ya = y0[d];
            int yb = y1[d];
            int wy = yw[d];
            int[] a;
            int[] b;
            if (ya == rowOfA) {
                a = rowA;
            } else if (ya == rowOfB) {
                a = rowB;
            } else {
                a = null;
            }
            // keep the rows in rowA (upper) and rowB (lower); reuse what the last destination row scaled
            if (a == rowB) {
                System.arraycopy(rowB, dx, rowA, dx, dw);
                rowOfA = ya;
            } else if (a == null) {
                horizontal(src, ya, dx, end, rowA);
                rowOfA = ya;
            }
            if (wy != 0 && yb != rowOfB) {
                horizontal(src, yb, dx, end, rowB);
                rowOfB = yb;
            }
            int[] line;
            if (wy == 0) {
                line = rowA;
            } else {
                int iw = 256 - wy;
                for (int i = dx; i < end; i++) {
                    out[i] = mix(rowA[i], rowB[i], wy, iw);
                }
                line = out;
            }
            dst.put(d * dstW + dx, line, dx, dw);
        }
    }

    private void horizontal(int[] src, int row, int from, int to, int[] into) {
        int base = row * srcW;
        for (int i = from; i < to; i++) {
            int w = xw[i];
            int a = src[base + x0[i]];
            into[i] = w == 0 ? a | 0xFF000000 : mix(a, src[base + x1[i]], w, 256 - w);
        }
    }

    /** {@code a * iw + b * w} per channel (w + iw = 256), rounded, opaque. */
    static int mix(int a, int b, int w, int iw) {
        int rb = ((a & 0xFF00FF) * iw + (b & 0xFF00FF) * w + 0x800080) >>> 8;
        int g = ((a & 0x00FF00) * iw + (b & 0x00FF00) * w + 0x008000) >>> 8;
        return 0xFF000000 | (rb & 0xFF00FF) | (g & 0x00FF00);
    }

    /** The whole picture scaled (a test oracle and for screenshots). */
    public static int[] scaleAll(int[] src, int srcW, int srcH, int dstW, int dstH) {
        int[] dst = new int[dstW * dstH];
        new FitScaler(srcW, srcH, dstW, dstH).scale(src, 0, 0, dstW, dstH, IntBuffer.wrap(dst));
        return dst;
    }
}
