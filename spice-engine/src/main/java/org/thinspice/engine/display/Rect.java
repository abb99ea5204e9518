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
}
