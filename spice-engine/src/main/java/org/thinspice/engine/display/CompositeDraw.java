package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.display.DrawContext.Base;
import org.thinspice.engine.display.DrawContext.Drawn;
import org.thinspice.engine.wire.WireReader;

import java.util.List;

/**
 * DRAW_COMPOSITE: u32 flags, Image* src, [Image* mask if HAS_MASK], [Transform src if HAS_SRC_TRANSFORM],
 * [Transform mask if HAS_MASK_TRANSFORM], Point16 src_origin, Point16 mask_origin. Render-style: box pixel
 * (i, j) takes source pixel (src_origin + (i, j)), through the 16.16 affine transform if any, sampled at
 * pixel centres, with the flags' repeat mode (NONE 0 transparent outside, NORMAL 1 tile, PAD 2 clamp,
 * REFLECT 3 mirror); likewise the mask; then {@link CompositeOp}. Every filter samples the nearest pixel
 * (pixman's NEAREST; bilinear filters come out blockier than spice-gtk's). SOURCE/MASK/DEST_OPAQUE
 * force the alpha of that operand to 0xFF.
 */
final class CompositeDraw {
    static final int HAS_MASK = 1 << 19;
    static final int HAS_SRC_TRANSFORM = 1 << 20;
    static final int HAS_MASK_TRANSFORM = 1 << 21;
    static final int COMPONENT_ALPHA = 1 << 18;
    static final int SOURCE_OPAQUE = 1 << 22;
    static final int MASK_OPAQUE = 1 << 23;
    static final int DEST_OPAQUE = 1 << 24;

    private CompositeDraw() {
    }

    /** An operand: image, origin, optional transform, repeat mode, forced opacity. */
    private record Operand(Pixmap image, int[] transform, int repeat, int originX, int originY, boolean opaque) {
        int sample(long i, long j) {
            long x = originX + i;
            long y = originY + j;
            if (transform != null) {
                // 16.16 fixed point as pixman; doubles are exact for any sane matrix and cannot overflow
                double cx = x * 65536.0 + 32768;
                double cy = y * 65536.0 + 32768;
                long tx = (long) Math.floor((transform[0] * cx + transform[1] * cy) / 65536.0) + transform[2];
                long ty = (long) Math.floor((transform[3] * cx + transform[4] * cy) / 65536.0) + transform[5];
                // pixman's NEAREST: the pixel containing the point nudged by -epsilon
                x = (tx - 1) >> 16;
                y = (ty - 1) >> 16;
            }
            long sx = wrap(x, image.width());
            long sy = wrap(y, image.height());
            if (sx < 0 || sy < 0) {
                return 0;
            }
            int v = image.at((int) sx, (int) sy);
            return opaque ? v | 0xFF000000 : v;
        }

        private long wrap(long v, int size) {
            switch (repeat) {
                case 1:
                    return Math.floorMod(v, size);
                case 2:
                    return Math.max(0, Math.min(size - 1, v));
                case 3: {
                    long p = Math.floorMod(v, 2L * size);
                    return p < size ? p : 2L * size - 1 - p;
                }
                default:
                    return v >= 0 && v < size ? v : -1;
            }
        }
    }

    static Drawn draw(DrawContext ctx, WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        int flags = r.i32();
        long srcPtr = r.u32();
        long maskPtr = (flags & HAS_MASK) != 0 ? r.u32() : 0;
        int[] srcTransform = (flags & HAS_SRC_TRANSFORM) != 0 ? transform(r) : null;
        int[] maskTransform = (flags & HAS_MASK_TRANSFORM) != 0 ? transform(r) : null;
        int srcX = r.i16();
        int srcY = r.i16();
        int maskX = r.i16();
        int maskY = r.i16();
        Operand src = new Operand(ctx.images.resolve(body, srcPtr), srcTransform, flags >> 14 & 3, srcX, srcY,
                (flags & SOURCE_OPAQUE) != 0);
        Operand mask = maskPtr == 0 ? null : new Operand(ctx.images.resolve(body, maskPtr), maskTransform,
                flags >> 16 & 3, maskX, maskY, (flags & MASK_OPAQUE) != 0);
        int op = flags & 0xFF;
        boolean ca = (flags & COMPONENT_ALPHA) != 0;
        boolean destOpaque = (flags & DEST_OPAQUE) != 0 || !base.surface().hasAlpha();
        Surface s = base.surface();
        List<Rect> areas = base.areas();
        Rect box = base.box();
        int[] px = s.pixels();
        int w = s.width();
        synchronized (s.lock()) {
            for (Rect a : areas) {
                for (int y = a.top(); y < a.bottom(); y++) {
                    long j = (long) y - box.top();
                    for (int x = a.left(); x < a.right(); x++) {
                        long i = (long) x - box.left();
                        int m = mask == null ? 0xFF000000 : mask.sample(i, j);
                        int k = y * w + x;
                        int d = destOpaque ? px[k] | 0xFF000000 : px[k];
                        px[k] = DrawContext.store(s, CompositeOp.pixel(op, src.sample(i, j), m, ca, d));
                    }
                }
            }
        }
        return new Drawn(s, areas);
    }

    private static int[] transform(WireReader r) throws SpiceException {
        int[] t = new int[6];
        for (int i = 0; i < 6; i++) {
            t[i] = r.i32();
        }
        return t;
    }
}
