package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.wire.WireReader;

/** A SPICE rectangle; the wire order is top, left, bottom, right. Right and bottom are exclusive. */
public record Rect(int left, int top, int right, int bottom) {
    public static Rect read(WireReader r) throws SpiceException {
        int top = r.i32();
        int left = r.i32();
        int bottom = r.i32();
        int right = r.i32();
        return new Rect(left, top, right, bottom);
    }

    public int width() {
        return right - left;
    }

    public int height() {
        return bottom - top;
    }

    public boolean isEmpty() {
        return right <= left || bottom <= top;
    }

    public Rect intersect(Rect o) {
        return new Rect(Math.max(left, o.left), Math.max(top, o.top), Math.min(right, o.right),
                Math.min(bottom, o.bottom));
    }

    /** The smallest rectangle holding all of {@code rects}, or null when there are none. */
    public static Rect union(java.util.List<Rect> rects) {
        if (rects.isEmpty()) {
            return null;
        }
        int l = Integer.MAX_VALUE;
        int t = Integer.MAX_VALUE;
        int r = Integer.MIN_VALUE;
        int b = Integer.MIN_VALUE;
        for (Rect a : rects) {
            l = Math.min(l, a.left());
            t = Math.min(t, a.top());
            r = Math.max(r, a.right());
            b = Math.max(b, a.bottom());
        }
        return new Rect(l, t, r, b);
    }
}
