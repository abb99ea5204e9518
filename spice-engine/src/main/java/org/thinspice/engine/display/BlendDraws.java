package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.display.DrawContext.Base;
import org.thinspice.engine.display.DrawContext.Drawn;
import org.thinspice.engine.wire.WireReader;

import java.util.List;

/** DRAW_TRANSPARENT (colour-key blit) and DRAW_ALPHA_BLEND (source OVER destination with a global alpha). */
final class BlendDraws {
    static final int ALPHA_DEST_HAS_ALPHA = 1;
    static final int ALPHA_SRC_SURFACE_HAS_ALPHA = 2;

    private BlendDraws() {
    }

    /** Image* src, Rect src_area, u32 src_color, u32 true_color: source pixels whose RGB is true_color are skipped. */
    static Drawn transparent(DrawContext ctx, WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        long srcPtr = r.u32();
        Rect srcArea = Rect.read(r);
        r.u32(); // src_color: spice-common keys on true_color alone
        int key = r.i32() & 0xFFFFFF;
        Pixmap src = ctx.images.resolve(body, srcPtr);
        Surface s = base.surface();
        List<Rect> areas = base.areas();
        SourceMap map = new SourceMap(base.box(), srcArea);
        int[] px = s.pixels();
        int w = s.width();
        synchronized (s.lock()) {
            for (Rect a : areas) {
                for (int y = a.top(); y < a.bottom(); y++) {
                    int sy = map.y(y);
                    if (sy < 0 || sy >= src.height()) {
                        continue;
                    }
                    for (int x = a.left(); x < a.right(); x++) {
                        int sx = map.x(x);
                        if (sx < 0 || sx >= src.width()) {
                            continue;
                        }
                        int v = src.at(sx, sy);
                        if ((v & 0xFFFFFF) != key) {
                            px[y * w + x] = DrawContext.store(s, v);
                        }
                    }
                }
            }
        }
        return new Drawn(s, areas);
    }

    /**
     * u8 alpha_flags, u8 alpha, Image* src, Rect src_area. The (premultiplied) source, times alpha/255,
     * goes OVER the destination; a source surface without SRC_SURFACE_HAS_ALPHA counts as opaque, and
     * a destination without DEST_HAS_ALPHA is read as opaque and keeps alpha 0xFF.
     */
    static Drawn alphaBlend(DrawContext ctx, WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        int flags = r.u8();
        int alpha = r.u8();
        long srcPtr = r.u32();
        Rect srcArea = Rect.read(r);
        boolean opaqueSource = isSurfaceImage(body, srcPtr) && (flags & ALPHA_SRC_SURFACE_HAS_ALPHA) == 0;
        Pixmap src = ctx.images.resolve(body, srcPtr);
        Surface s = base.surface();
        if (alpha == 0) {
            return new Drawn(s, List.of());
        }
        boolean destAlpha = (flags & ALPHA_DEST_HAS_ALPHA) != 0 && s.hasAlpha();
        List<Rect> areas = base.areas();
        SourceMap map = new SourceMap(base.box(), srcArea);
        int[] px = s.pixels();
        int w = s.width();
        synchronized (s.lock()) {
            for (Rect a : areas) {
                for (int y = a.top(); y < a.bottom(); y++) {
                    int sy = map.y(y);
                    if (sy < 0 || sy >= src.height()) {
                        continue; // pixman REPEAT_NONE: outside the source is transparent
                    }
                    for (int x = a.left(); x < a.right(); x++) {
                        int sx = map.x(x);
                        if (sx < 0 || sx >= src.width()) {
                            continue;
                        }
                        int v = src.at(sx, sy);
                        if (opaqueSource) {
                            v |= 0xFF000000;
                        }
                        if (alpha != 0xFF) {
                            v = PixelMath.mulPixel(v, alpha);
                        }
                        int i = y * w + x;
                        int d = destAlpha ? px[i] : px[i] | 0xFF000000;
                        int out = PixelMath.over(v, d);
                        px[i] = destAlpha ? out : out | 0xFF000000;
                    }
                }
            }
        }
        return new Drawn(s, areas);
    }

    /** Whether the image at {@code ptr} is a SURFACE reference (type byte after the 8-byte id). */
    static boolean isSurfaceImage(WireReader body, long ptr) throws SpiceException {
        if (ptr == 0) {
            return false;
        }
        WireReader r = body.at(ptr);
        r.i64();
        return r.u8() == ImageResolver.SURFACE;
    }
}
