package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.display.DrawContext.Base;
import org.thinspice.engine.display.DrawContext.Brush;
import org.thinspice.engine.display.DrawContext.Drawn;
import org.thinspice.engine.wire.WireReader;

import java.util.List;

/**
 * DRAW_TEXT: String*, Rect back_area, Brush fore, Brush back, u16 fore_mode, u16 back_mode. As in
 * spice-common: a non-empty back_area is first painted with the back brush (a plain copy; only
 * fore_mode PUT makes sense then, otherwise the draw is dropped), then the fore brush goes OVER the
 * destination through the glyphs' coverage ({@link GlyphString}).
 */
final class TextDraw {
    private TextDraw() {
    }

    static Drawn draw(DrawContext ctx, WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        long strPtr = r.u32();
        Rect backArea = Rect.read(r);
        Brush fore = ctx.brush(body, r);
        Brush back = ctx.brush(body, r);
        int foreMode = r.u16();
        r.u16(); // back_mode: the back area is always copied
        Surface s = base.surface();
        List<Rect> areas = base.areas();
        if (areas.isEmpty()) {
            return new Drawn(s, areas);
        }
        Rect bounds = Rect.union(areas);
        byte[] coverage = GlyphString.render(body.at(strPtr), bounds);
        if (!backArea.isEmpty() && foreMode != Ropd.OP_PUT) {
            return new Drawn(s, List.of());
        }
        synchronized (s.lock()) {
            if (!backArea.isEmpty()) {
                List<Rect> backAreas = new java.util.ArrayList<>();
                for (Rect a : areas) {
                    Rect b = a.intersect(backArea);
                    if (!b.isEmpty()) {
                        backAreas.add(b);
                    }
                }
                DrawHandler.paintBrush(s, backAreas, back, Ropd.OP_PUT, null);
            }
            if (coverage != null && fore.type() != DrawContext.BRUSH_NONE) {
                paintGlyphs(s, areas, bounds, coverage, fore);
            }
        }
        return new Drawn(s, areas);
    }

    private static void paintGlyphs(Surface s, List<Rect> areas, Rect bounds, byte[] coverage, Brush fore) {
        int[] px = s.pixels();
        int w = s.width();
        int bw = bounds.width();
        for (Rect a : areas) {
            for (int y = a.top(); y < a.bottom(); y++) {
                for (int x = a.left(); x < a.right(); x++) {
                    int m = coverage[(y - bounds.top()) * bw + (x - bounds.left())] & 0xFF;
                    if (m == 0) {
                        continue;
                    }
                    int src = fore.type() == DrawContext.BRUSH_SOLID ? 0xFF000000 | fore.color() : fore.at(x, y);
                    int i = y * w + x;
                    int d = s.hasAlpha() ? px[i] : px[i] | 0xFF000000;
                    px[i] = DrawContext.store(s, PixelMath.over(PixelMath.mulPixel(src, m), d));
                }
            }
        }
    }
}
