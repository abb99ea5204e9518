package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.wire.WireReader;

import java.util.List;
import java.util.function.IntFunction;

/**
 * What every draw operation needs: the channel's surfaces, its image resolver, and readers for the
 * structures draws share (DisplayBase, Brush, QMask).
 */
final class DrawContext {
    static final int BRUSH_NONE = 0;
    static final int BRUSH_SOLID = 1;
    static final int BRUSH_PATTERN = 2;
    private static final int MASK_INVERS = 1;

    final ImageResolver images;
    final IntFunction<Surface> surfaces;

    DrawContext(ImageResolver images, IntFunction<Surface> surfaces) {
        this.images = images;
        this.surfaces = surfaces;
    }

    /** A draw's common header: target surface, bounding box and clip. */
    record Base(Surface surface, Rect box, Clip clip) {
        /** The rectangles the draw may touch (box ∩ surface ∩ clip). */
        List<Rect> areas() {
            return Canvas.areas(surface, box, clip);
        }
    }

    /** A brush: NONE, SOLID colour, or PATTERN image tiled from surface point (x, y). */
    record Brush(int type, int color, Pixmap pattern, int x, int y) {
        /** The brush's colour at surface pixel (px, py). */
        int at(int px, int py) {
            if (type == BRUSH_PATTERN) {
                return pattern.at(Math.floorMod(px - x, pattern.width()), Math.floorMod(py - y, pattern.height()));
            }
            return color;
        }
    }

    /** What a draw changed: its surface and the rectangles it may have touched. */
    record Drawn(Surface surface, List<Rect> areas) {
    }

    Base base(WireReader r) throws SpiceException {
        int surfaceId = (int) r.u32();
        Rect box = Rect.read(r);
        Clip clip = Clip.read(r);
        Surface s = surfaces.apply(surfaceId);
        if (s == null) {
            throw new SpiceProtocolException("draw on unknown surface " + surfaceId);
        }
        return new Base(s, box, clip);
    }

    Brush brush(WireReader body, WireReader r) throws SpiceException {
        int type = r.u8();
        switch (type) {
            case BRUSH_NONE:
                return new Brush(BRUSH_NONE, 0, null, 0, 0);
            case BRUSH_SOLID:
                return new Brush(BRUSH_SOLID, r.i32(), null, 0, 0);
            case BRUSH_PATTERN: {
                long ptr = r.u32();
                int x = r.i32();
                int y = r.i32();
                return new Brush(BRUSH_PATTERN, 0, images.resolve(body, ptr), x, y);
            }
            default:
                throw new SpiceProtocolException("unknown brush type " + type);
        }
    }

    Mask mask(WireReader body, WireReader r, Rect box) throws SpiceException {
        int flags = r.u8();
        int x = r.i32();
        int y = r.i32();
        long ptr = r.u32();
        if (ptr == 0) {
            return null;
        }
        Pixmap bits = images.resolve(body, ptr);
        return new Mask(bits, box.left() - x, box.top() - y, (flags & MASK_INVERS) != 0);
    }

    /** Keeps only the alpha byte meaningful on surfaces that have one; others store 0xFF. */
    static int store(Surface s, int argb) {
        return s.hasAlpha() ? argb : argb | 0xFF000000;
    }
}
