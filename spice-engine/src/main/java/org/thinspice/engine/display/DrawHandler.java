package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.wire.WireReader;

import java.util.List;
import java.util.function.IntFunction;

/** Parses the DRAW_* and COPY_BITS messages and applies them to their surface. */
final class DrawHandler {
    private static final int BRUSH_NONE = 0;
    private static final int BRUSH_SOLID = 1;
    private static final int BRUSH_PATTERN = 2;
    private static final int MASK_INVERS = 1;

    private final int channelId;
    private final SpiceListener listener;
    private final ImageResolver images;
    private final IntFunction<Surface> surfaces;

    DrawHandler(int channelId, SpiceListener listener, ImageResolver images, IntFunction<Surface> surfaces) {
        this.channelId = channelId;
        this.listener = listener;
        this.images = images;
        this.surfaces = surfaces;
    }

    /** A draw's common header: target surface, bounding box and clip. */
    private record Base(Surface surface, Rect box, Clip clip) {
    }

    private record Brush(int type, int color, Pixmap pattern, int x, int y) {
    }

    void handle(int type, WireReader r) throws SpiceException {
        switch (type) {
            case MessageTypes.DISPLAY_COPY_BITS -> copyBits(r);
            case MessageTypes.DISPLAY_DRAW_FILL -> fill(r);
            case MessageTypes.DISPLAY_DRAW_COPY, MessageTypes.DISPLAY_DRAW_BLEND -> copy(r);
            case MessageTypes.DISPLAY_DRAW_OPAQUE -> opaque(r);
            case MessageTypes.DISPLAY_DRAW_BLACKNESS -> solidOp(r, org.thinspice.engine.display.Ropd.OP_BLACKNESS);
            case MessageTypes.DISPLAY_DRAW_WHITENESS -> solidOp(r, org.thinspice.engine.display.Ropd.OP_WHITENESS);
            case MessageTypes.DISPLAY_DRAW_INVERS -> solidOp(r, org.thinspice.engine.display.Ropd.OP_INVERS);
            default -> {
                // Draw operations this client does not advertise or implement yet (ROP3, STROKE, TEXT,
                // TRANSPARENT, ALPHA_BLEND, COMPOSITE) are skipped rather than failing the session.
                return;
            }
        }
        listener.onDrawApplied(channelId, type);
    }

    private Base base(WireReader r) throws SpiceException {
        int surfaceId = (int) r.u32();
        Rect box = Rect.read(r);
        Clip clip = Clip.read(r);
        Surface s = surfaces.apply(surfaceId);
        if (s == null) {
            throw new SpiceProtocolException("draw on unknown surface " + surfaceId);
        }
        return new Base(s, box, clip);
    }

    private Brush brush(WireReader body, WireReader r) throws SpiceException {
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

    private Mask mask(WireReader body, WireReader r, Rect box) throws SpiceException {
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

    private void invalidate(Surface s, List<Rect> areas) {
        if (areas.isEmpty()) {
            return;
        }
        int l = Integer.MAX_VALUE;
        int t = Integer.MAX_VALUE;
        int rt = Integer.MIN_VALUE;
        int b = Integer.MIN_VALUE;
        for (Rect a : areas) {
            l = Math.min(l, a.left());
            t = Math.min(t, a.top());
            rt = Math.max(rt, a.right());
            b = Math.max(b, a.bottom());
        }
        listener.onInvalidate(channelId, s, l, t, rt - l, b - t);
    }

    private void copyBits(WireReader r) throws SpiceException {
        Base base = base(r);
        int srcX = r.i32();
        int srcY = r.i32();
        List<Rect> areas = Canvas.areas(base.surface, base.box, base.clip);
        synchronized (base.surface.lock()) {
            Canvas.copyBits(base.surface, areas, base.box, srcX, srcY);
        }
        invalidate(base.surface, areas);
    }

    private void fill(WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = base(r);
        Brush brush = brush(body, r);
        int ropd = r.u16();
        Mask mask = mask(body, r, base.box);
        paintBrush(base, brush, ropd, mask);
    }

    private void paintBrush(Base base, Brush brush, int ropd, Mask mask) {
        List<Rect> areas = Canvas.areas(base.surface, base.box, base.clip);
        synchronized (base.surface.lock()) {
            if (brush.type == BRUSH_SOLID) {
                Canvas.fill(base.surface, areas, brush.color, ropd, mask);
            } else if (brush.type == BRUSH_PATTERN) {
                Canvas.fillPattern(base.surface, areas, brush.pattern, brush.x, brush.y, ropd, mask);
            } else if ((ropd & (Ropd.OP_BLACKNESS | Ropd.OP_WHITENESS | Ropd.OP_INVERS)) != 0) {
                Canvas.fill(base.surface, areas, 0, ropd, mask);
            }
        }
        invalidate(base.surface, areas);
    }

    private void copy(WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = base(r);
        long srcPtr = r.u32();
        Rect srcArea = Rect.read(r);
        int ropd = r.u16();
        r.u8(); // scale mode: nearest is used for both
        Mask mask = mask(body, r, base.box);
        Pixmap src = images.resolve(body, srcPtr);
        List<Rect> areas = Canvas.areas(base.surface, base.box, base.clip);
        synchronized (base.surface.lock()) {
            Canvas.blit(base.surface, areas, base.box, src, srcArea, ropd, mask, base.surface.hasAlpha());
        }
        invalidate(base.surface, areas);
    }

    private void opaque(WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = base(r);
        long srcPtr = r.u32();
        Rect srcArea = Rect.read(r);
        Brush brush = brush(body, r);
        int ropd = r.u16();
        r.u8();
        Mask mask = mask(body, r, base.box);
        Pixmap src = images.resolve(body, srcPtr);
        List<Rect> areas = Canvas.areas(base.surface, base.box, base.clip);
        synchronized (base.surface.lock()) {
            // OPAQUE draws the source over the brush: paint the brush, then the source through ropd.
            if (brush.type == BRUSH_SOLID) {
                Canvas.fill(base.surface, areas, brush.color, Ropd.OP_PUT, mask);
            } else if (brush.type == BRUSH_PATTERN) {
                Canvas.fillPattern(base.surface, areas, brush.pattern, brush.x, brush.y, Ropd.OP_PUT, mask);
            }
            Canvas.blit(base.surface, areas, base.box, src, srcArea, ropd, mask, false);
        }
        invalidate(base.surface, areas);
    }

    private void solidOp(WireReader r, int op) throws SpiceException {
        WireReader body = r.at(0);
        Base base = base(r);
        Mask mask = mask(body, r, base.box);
        List<Rect> areas = Canvas.areas(base.surface, base.box, base.clip);
        synchronized (base.surface.lock()) {
            Canvas.fill(base.surface, areas, 0, op, mask);
        }
        invalidate(base.surface, areas);
    }
}
