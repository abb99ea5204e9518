package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireReader;

import java.util.ArrayList;
import java.util.List;

/**
 * A STROKE's Path as polylines of whole pixels: u32 num_segments, then per segment u8 flags (BEGIN 1,
 * END 2, CLOSE 8, BEZIER 16), u32 count, count x PointFix (fixed28_4 x, y). A BEGIN segment starts a new
 * polyline at its first point; BEZIER segments carry control-point triples, flattened by recursive
 * halving until the curve deviates less than half a pixel from its chord (spice-common's rule); END
 * closes a polyline (CLOSE first returns to its start).
 */
final class StrokePath {
    static final int BEGIN = 1;
    static final int END = 2;
    static final int CLOSE = 8;
    static final int BEZIER = 16;
    /** Cap on polyline points of one path, Bézier flattening included. */
    static final int MAX_POINTS = 1 << 16;
    /** Bézier halving stops here even if the curve is still not flat (absurd coordinates). */
    private static final int MAX_BEZIER_DEPTH = 16;

    private final List<int[]> polylines = new ArrayList<>();
    private int[] current = new int[16];
    private int n;
    private int total;

    private StrokePath() {
    }

    /** The polylines, each as x0, y0, x1, y1, ... in pixels. */
    List<int[]> polylines() {
        return polylines;
    }

    static StrokePath read(WireReader r) throws SpiceException {
        StrokePath p = new StrokePath();
        long segments = r.u32();
        for (long i = 0; i < segments; i++) {
            int flags = r.u8();
            int count = r.u32Max(r.remaining() / 8, "path segment point count");
            int point = 0;
            if ((flags & BEGIN) != 0 && count > 0) {
                p.flush();
                p.append(fixToInt(r.i32()), fixToInt(r.i32()));
                point++;
            }
            if ((flags & BEZIER) != 0) {
                if ((count - point) % 3 != 0 || p.n == 0) {
                    throw new SpiceProtocolException("Bezier segment of " + count + " points");
                }
                for (; point + 2 < count; point += 3) {
                    long[] c = {r.i32(), r.i32(), r.i32(), r.i32(), r.i32(), r.i32()};
                    long x0 = (long) p.current[p.n - 2] << 4;
                    long y0 = (long) p.current[p.n - 1] << 4;
                    p.bezier(x0, y0, c[0], c[1], c[2], c[3], c[4], c[5], 0);
                }
            } else {
                for (; point < count; point++) {
                    p.append(fixToInt(r.i32()), fixToInt(r.i32()));
                }
            }
            if ((flags & END) != 0) {
                if ((flags & CLOSE) != 0 && p.n > 0) {
                    p.append(p.current[0], p.current[1]);
                }
                p.flush();
            }
        }
        p.flush();
        return p;
    }

    /** fixed28_4 to int, rounding a fraction above one half up (spice-common's fix_to_int). */
    static int fixToInt(long fixed) {
        int f = (int) fixed;
        return (f >> 4) + ((f & 0x0F) > 8 ? 1 : 0);
    }

    private void append(int x, int y) throws SpiceException {
        if (++total > MAX_POINTS) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED, "stroke path over " + MAX_POINTS + " points");
        }
        if (n + 2 > current.length) {
            current = java.util.Arrays.copyOf(current, current.length * 2);
        }
        current[n++] = x;
        current[n++] = y;
    }

    private void flush() {
        if (n > 0) {
            polylines.add(java.util.Arrays.copyOf(current, n));
            n = 0;
        }
    }

    private static long dot(long x1, long y1, long x2, long y2) {
        return (x1 * x2 + y1 * y2) >> 4;
    }

    /** Flattens the cubic from (x0,y0) through controls 1, 2 to 3 (all fixed28_4). */
    private void bezier(long x0, long y0, long x1, long y1, long x2, long y2, long x3, long y3, int depth)
            throws SpiceException {
        long a2 = dot(x1 - x0, y1 - y0, x1 - x0, y1 - y0);
        long b2 = dot(x3 - x0, y3 - y0, x3 - x0, y3 - y0);
        long c2 = dot(x2 - x3, y2 - y3, x2 - x3, y2 - y3);
        long ab = dot(x1 - x0, y1 - y0, x3 - x0, y3 - y0);
        long cb = dot(x2 - x3, y2 - y3, x0 - x3, y0 - y3);
        // Squared distances of the control points from the chord, scaled as spice-common scales them;
        // coordinates are 32-bit so the products fit after the >> 4 of dot() for sane paths, and the
        // depth cap bounds the work for insane ones.
        long h1 = (a2 * b2 - ab * ab) >> 3;
        long h2 = (c2 * b2 - cb * cb) >> 3;
        if ((h1 < b2 && h2 < b2) || depth >= MAX_BEZIER_DEPTH) {
            append(fixToInt(x3), fixToInt(y3));
            return;
        }
        long x01 = (x0 + x1) / 2;
        long y01 = (y0 + y1) / 2;
        long x12 = (x1 + x2) / 2;
        long y12 = (y1 + y2) / 2;
        long x23 = (x2 + x3) / 2;
        long y23 = (y2 + y3) / 2;
        long x012 = (x01 + x12) / 2;
        long y012 = (y01 + y12) / 2;
        long x123 = (x12 + x23) / 2;
        long y123 = (y12 + y23) / 2;
        long x0123 = (x012 + x123) / 2;
        long y0123 = (y012 + y123) / 2;
        bezier(x0, y0, x01, y01, x012, y012, x0123, y0123, depth + 1);
        bezier(x0123, y0123, x123, y123, x23, y23, x3, y3, depth + 1);
    }
}
