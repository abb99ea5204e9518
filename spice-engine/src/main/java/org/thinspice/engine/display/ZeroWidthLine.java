package org.thinspice.engine.display;

/**
 * One-pixel-wide lines as X11's mi zero-width line code draws them (spice-common strokes with it):
 * Bresenham with the default octant bias (ties step along the minor axis only in octants 1, 6, 7 and 8
 * in X numbering) and the end point left out ("cap not last", as win32 cosmetic pens). Pixels are
 * computed in closed form from their index along the major axis, so only the part of a line inside the
 * given bounds is visited however long it is.
 */
final class ZeroWidthLine {
    private static final int XDECREASING = 4;
    private static final int YDECREASING = 2;
    private static final int YMAJOR = 1;
    /** mi's DEFAULTZEROLINEBIAS: bit n set for the octant codes n that prefer an axial step on a tie. */
    private static final int BIAS = 1 << (YDECREASING | YMAJOR) | 1 << (XDECREASING | YDECREASING | YMAJOR)
            | 1 << (XDECREASING | YDECREASING) | 1 << XDECREASING;

    /** Receives the pixels of a line with their index along it (0 = the start point). */
    interface Plot {
        void pixel(int x, int y, long index);
    }

    private ZeroWidthLine() {
    }

    /** The number of pixels the line from (x1,y1) to (x2,y2) has (its end point excluded). */
    static long length(int x1, int y1, int x2, int y2) {
        return Math.max(Math.abs((long) x2 - x1), Math.abs((long) y2 - y1));
    }

    /** Plots the pixels of the line inside [left, right) x [top, bottom). */
    static void draw(int x1, int y1, int x2, int y2, int left, int top, int right, int bottom, Plot plot) {
        long dx = (long) x2 - x1;
        long dy = (long) y2 - y1;
        int octant = 0;
        int sdx = 1;
        int sdy = 1;
        if (dx < 0) {
            dx = -dx;
            sdx = -1;
            octant |= XDECREASING;
        }
        if (dy < 0) {
            dy = -dy;
            sdy = -1;
            octant |= YDECREASING;
        }
        if (dx > dy) {
            walk(x1, y1, sdx, sdy, dx, dy, octant, left, right, top, bottom, false, plot);
        } else if (dy > 0) {
            walk(y1, x1, sdy, sdx, dy, dx, octant | YMAJOR, top, bottom, left, right, true, plot);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * Major-axis walk: pixel k sits at major {@code a1 + k * sa}, minor {@code b1 + sb * m(k)} where
     * {@code m(k) = floor((e0 + k * 2 * minor) / (2 * major)) + 1} is the number of minor steps taken,
     * {@code e0 = -major - bias} being mi's initial error term.
     */
    private static void walk(int a1, int b1, int sa, int sb, long major, long minor, int octant,
                             int aFrom, int aTo, int bFrom, int bTo, boolean swap, Plot plot) {
        long e0 = -major - ((BIAS >> octant) & 1);
        long twoMajor = 2 * major;
        long twoMinor = 2 * minor;
        // the k for which the major coordinate lies in [aFrom, aTo)
        long kFrom;
        long kTo;
        if (sa > 0) {
            kFrom = (long) aFrom - a1;
            kTo = (long) aTo - a1;
        } else {
            kFrom = (long) a1 - (aTo - 1);
            kTo = (long) a1 - aFrom + 1;
        }
        kFrom = Math.max(kFrom, 0);
        kTo = Math.min(kTo, major);
        // and the k for which the minor coordinate lies in [bFrom, bTo): m(k) must lie in [mLo, mHi]
        long mLo = sb > 0 ? (long) bFrom - b1 : (long) b1 - (bTo - 1);
        long mHi = sb > 0 ? (long) bTo - 1 - b1 : (long) b1 - bFrom;
        if (mHi < mLo || mHi < 0) {
            return;
        }
        if (minor == 0) {
            if (mLo > 0) {
                return; // m(k) is always 0
            }
        } else {
            // m(k) >= mLo  <=>  e0 + k * twoMinor >= (mLo - 1) * twoMajor;  m(k) <= mHi  <=>  ... < mHi * twoMajor
            kFrom = Math.max(kFrom, ceilDiv((mLo - 1) * twoMajor - e0, twoMinor));
            kTo = Math.min(kTo, ceilDiv(mHi * twoMajor - e0, twoMinor));
        }
        for (long k = kFrom; k < kTo; k++) {
            long m = Math.floorDiv(e0 + k * twoMinor, twoMajor) + 1;
            long b = b1 + sb * m;
            if (b < bFrom || b >= bTo) {
                continue;
            }
            int a = (int) (a1 + sa * k);
            if (swap) {
                plot.pixel((int) b, a, k);
            } else {
                plot.pixel(a, (int) b, k);
            }
        }
    }
}
