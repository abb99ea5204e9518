package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.display.DrawContext.Base;
import org.thinspice.engine.display.DrawContext.Brush;
import org.thinspice.engine.display.DrawContext.Drawn;
import org.thinspice.engine.wire.WireReader;

import java.util.List;

/**
 * DRAW_ROP3: Image* src, Rect src_area, Brush, u8 rop3, u8 scale_mode, QMask. Every pixel of the box
 * becomes {@link Rop3#apply} of brush, source (scaled to the box, nearest pixel, when the sizes differ)
 * and destination.
 */
final class Rop3Draw {
    private Rop3Draw() {
    }

    static Drawn draw(DrawContext ctx, WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        long srcPtr = r.u32();
        Rect srcArea = Rect.read(r);
        Brush brush = ctx.brush(body, r);
        int rop3 = r.u8();
        r.u8(); // scale mode: nearest for both
        Mask mask = ctx.mask(body, r, base.box());
        Pixmap src = ctx.images.resolve(body, srcPtr);
        Surface s = base.surface();
        List<Rect> areas = base.areas();
        Rect box = base.box();
        if (!SourceMap.covers(src, srcArea)) {
            // spice-common refuses a source smaller than its area ("bad src bitmap size")
            return new Drawn(s, List.of());
        }
        SourceMap map = new SourceMap(box, srcArea);
        int[] px = s.pixels();
        int w = s.width();
        synchronized (s.lock()) {
            for (Rect a : areas) {
                for (int y = a.top(); y < a.bottom(); y++) {
                    int sy = clamp(map.y(y), srcArea.top(), srcArea.bottom());
                    for (int x = a.left(); x < a.right(); x++) {
                        if (mask != null && !mask.allows(x, y)) {
                            continue;
                        }
                        int i = y * w + x;
                        int v = Rop3.apply(rop3, brush.at(x, y), src.at(clamp(map.x(x), srcArea.left(), srcArea.right()), sy), px[i]);
                        px[i] = DrawContext.store(s, v);
                    }
                }
            }
        }
        return new Drawn(s, areas);
    }

    /**
     * spice-common scales the source to the box first, so every box pixel has a source pixel; pixel-centre
     * sampling of an extreme scale can land just outside the area, which lies inside the image.
     */
    private static int clamp(int v, int from, int to) {
        return Math.max(from, Math.min(to - 1, v));
    }
}
