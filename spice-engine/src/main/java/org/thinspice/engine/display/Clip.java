package org.thinspice.engine.display;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.wire.WireReader;

import java.util.List;

/** A draw's clip: none (the box alone) or a list of rectangles (non-overlapping, as a region). */
public record Clip(List<Rect> rects) {
    public static final Clip NONE = new Clip(null);

    public static Clip read(WireReader r) throws SpiceException {
        int type = r.u8();
        if (type == 0) {
            return NONE;
        }
        if (type != 1) {
            throw new org.thinspice.engine.SpiceProtocolException("unknown clip type " + type);
        }
        int n = r.u32Max(Limits.MAX_CLIP_RECTS, "clip rectangle count");
        if (16L * n > r.remaining()) {
            throw new org.thinspice.engine.SpiceProtocolException("clip of " + n + " rectangles runs past the message end");
        }
        Rect[] rects = new Rect[n];
        for (int i = 0; i < n; i++) {
            rects[i] = Rect.read(r);
        }
        return new Clip(List.of(rects));
    }

    public boolean isNone() {
        return rects == null;
    }
}
