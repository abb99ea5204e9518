package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.display.DrawContext.Base;
import org.thinspice.engine.display.DrawContext.Brush;
import org.thinspice.engine.display.DrawContext.Drawn;
import org.thinspice.engine.wire.WireReader;

import java.util.List;

/**
 * DRAW_STROKE: Path*, LineAttr (u8 flags STYLED 8 / START_WITH_GAP 4; if STYLED u8 nseg and a pointer
 * to nseg fixed28_4 dash lengths), Brush, u16 fore_mode, u16 back_mode. The wire has no line width:
 * every stroke is a cosmetic one-pixel line ({@link ZeroWidthLine}) painted with the brush through
 * fore_mode. Dashes switch on and off along the pixel sequence of each polyline (spice-common runs X's
 * wide-dash code at width 1 for them, which places dash ends the same way on axis-aligned lines).
 * back_mode is ignored, as spice-common ignores it.
 */
final class StrokeDraw {
    static final int LINE_START_WITH_GAP = 4;
    static final int LINE_STYLED = 8;

    private StrokeDraw() {
    }

    static Drawn draw(DrawContext ctx, WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        long pathPtr = r.u32();
        int[] dashes = lineAttr(body, r);
        Brush brush = ctx.brush(body, r);
        int foreMode = r.u16();
        r.u16(); // back_mode
        StrokePath path = StrokePath.read(body.at(pathPtr));
        Surface s = base.surface();
        List<Rect> areas = base.areas();
        if (areas.isEmpty()) {
            return new Drawn(s, areas);
        }
        Rect bounds = Rect.union(areas);
        int[] px = s.pixels();
        int w = s.width();
        synchronized (s.lock()) {
            for (int[] line : path.polylines()) {
                long along = 0;
                for (int i = 0; i + 3 < line.length; i += 2) {
                    long start = along;
                    ZeroWidthLine.draw(line[i], line[i + 1], line[i + 2], line[i + 3], bounds.left(), bounds.top(),
                            bounds.right(), bounds.bottom(), (x, y, k) -> {
                                if (dashes != null && !dashOn(dashes, start + k)) {
                                    return;
                                }
                                if (inside(areas, x, y)) {
                                    int j = y * w + x;
                                    px[j] = DrawContext.store(s,
                                            Ropd.apply(foreMode, Ropd.INVERS_BRUSH, brush.at(x, y), px[j]));
                                }
                            });
                    along += ZeroWidthLine.length(line[i], line[i + 1], line[i + 2], line[i + 3]);
                }
            }
        }
        return new Drawn(s, areas);
    }

    /**
     * The dash pattern as on/off pixel counts, the first entry "on", or null for a solid line. With
     * START_WITH_GAP the first style length becomes the last entry and the pattern starts that far in,
     * as spice-common arranges it.
     */
    private static int[] lineAttr(WireReader body, WireReader r) throws SpiceException {
        int flags = r.u8();
        if ((flags & LINE_STYLED) == 0) {
            return null;
        }
        int nseg = r.u8();
        long ptr = r.u32();
        if (nseg == 0) {
            return null;
        }
        WireReader sr = body.at(ptr);
        int[] style = new int[nseg];
        for (int i = 0; i < nseg; i++) {
            style[i] = StrokePath.fixToInt(sr.i32()) & 0xFF; // X keeps dash lengths in bytes
        }
        int[] dash = new int[nseg + 1]; // last slot: the offset into the pattern
        if ((flags & LINE_START_WITH_GAP) != 0) {
            dash[nseg - 1] = style[0];
            System.arraycopy(style, 1, dash, 0, nseg - 1);
            dash[nseg] = dash[0];
        } else {
            System.arraycopy(style, 0, dash, 0, nseg);
        }
        long sum = 0;
        for (int i = 0; i < nseg; i++) {
            sum += dash[i];
        }
        return sum == 0 ? null : dash;
    }

    /** Whether pixel {@code index} of a polyline falls in an "on" dash (even entries, counted cyclically). */
    static boolean dashOn(int[] dash, long index) {
        int n = dash.length - 1;
        long period = 0;
        for (int i = 0; i < n; i++) {
            period += dash[i];
        }
        // an odd count of entries repeats with on/off swapped, as X does: the full period is twice as long
        long cycle = n % 2 == 0 ? period : 2 * period;
        long pos = Math.floorMod(index + dash[n], cycle);
        for (int i = 0; ; i++) {
            int len = dash[i % n];
            if (pos < len) {
                return i % 2 == 0;
            }
            pos -= len;
        }
    }

    static boolean inside(List<Rect> areas, int x, int y) {
        for (Rect a : areas) {
            if (x >= a.left() && x < a.right() && y >= a.top() && y < a.bottom()) {
                return true;
            }
        }
        return false;
    }
}
