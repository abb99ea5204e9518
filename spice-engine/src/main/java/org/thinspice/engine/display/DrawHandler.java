package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.display.DrawContext.Base;
import org.thinspice.engine.display.DrawContext.Brush;
import org.thinspice.engine.display.DrawContext.Drawn;
import org.thinspice.engine.wire.WireReader;

import java.util.List;
import java.util.function.IntFunction;

/** Parses the DRAW_* and COPY_BITS messages and applies them to their surface. */
final class DrawHandler {
    private final int channelId;
    private final SpiceListener listener;
    private final DrawContext ctx;

    DrawHandler(int channelId, SpiceListener listener, ImageResolver images, IntFunction<Surface> surfaces) {
        this.channelId = channelId;
        this.listener = listener;
        this.ctx = new DrawContext(images, surfaces);
    }

    /** Applies one draw message; false when {@code type} is not a draw message. */
    boolean handle(int type, WireReader r) throws SpiceException {
        Drawn drawn = switch (type) {
            case MessageTypes.DISPLAY_COPY_BITS -> copyBits(r);
            case MessageTypes.DISPLAY_DRAW_FILL -> fill(r);
            // spice-common draws BLEND exactly as COPY: the source through the raster-op descriptor
            case MessageTypes.DISPLAY_DRAW_COPY, MessageTypes.DISPLAY_DRAW_BLEND -> copy(r);
            case MessageTypes.DISPLAY_DRAW_OPAQUE -> opaque(r);
            case MessageTypes.DISPLAY_DRAW_BLACKNESS -> solidOp(r, Ropd.OP_BLACKNESS);
            case MessageTypes.DISPLAY_DRAW_WHITENESS -> solidOp(r, Ropd.OP_WHITENESS);
            case MessageTypes.DISPLAY_DRAW_INVERS -> solidOp(r, Ropd.OP_INVERS);
            case MessageTypes.DISPLAY_DRAW_ROP3 -> Rop3Draw.draw(ctx, r);
            case MessageTypes.DISPLAY_DRAW_STROKE -> StrokeDraw.draw(ctx, r);
            case MessageTypes.DISPLAY_DRAW_TEXT -> TextDraw.draw(ctx, r);
            case MessageTypes.DISPLAY_DRAW_TRANSPARENT -> BlendDraws.transparent(ctx, r);
            case MessageTypes.DISPLAY_DRAW_ALPHA_BLEND -> BlendDraws.alphaBlend(ctx, r);
            case MessageTypes.DISPLAY_DRAW_COMPOSITE -> CompositeDraw.draw(ctx, r);
            default -> null;
        };
        if (drawn == null) {
            return false;
        }
        invalidate(drawn.surface(), drawn.areas());
        listener.onDrawApplied(channelId, type);
        return true;
    }

    private void invalidate(Surface s, List<Rect> areas) {
        Rect u = Rect.union(areas);
        if (u != null) {
            listener.onInvalidate(channelId, s, u.left(), u.top(), u.width(), u.height());
        }
    }

    private Drawn copyBits(WireReader r) throws SpiceException {
        Base base = ctx.base(r);
        int srcX = r.i32();
        int srcY = r.i32();
        List<Rect> areas = base.areas();
        synchronized (base.surface().lock()) {
            Canvas.copyBits(base.surface(), areas, base.box(), srcX, srcY);
        }
        return new Drawn(base.surface(), areas);
    }

    private Drawn fill(WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        Brush brush = ctx.brush(body, r);
        int ropd = r.u16();
        Mask mask = ctx.mask(body, r, base.box());
        List<Rect> areas = base.areas();
        synchronized (base.surface().lock()) {
            paintBrush(base.surface(), areas, brush, ropd, mask);
        }
        return new Drawn(base.surface(), areas);
    }

    /** Paints {@code brush} through {@code ropd}; a NONE brush still does the brush-less ops. */
    static void paintBrush(Surface s, List<Rect> areas, Brush brush, int ropd, Mask mask) {
        if (brush.type() == DrawContext.BRUSH_SOLID) {
            Canvas.fill(s, areas, brush.color(), ropd, mask);
        } else if (brush.type() == DrawContext.BRUSH_PATTERN) {
            Canvas.fillPattern(s, areas, brush.pattern(), brush.x(), brush.y(), ropd, mask);
        } else if ((ropd & (Ropd.OP_BLACKNESS | Ropd.OP_WHITENESS | Ropd.OP_INVERS)) != 0) {
            Canvas.fill(s, areas, 0, ropd, mask);
        }
    }

    private Drawn copy(WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        long srcPtr = r.u32();
        Rect srcArea = Rect.read(r);
        int ropd = r.u16();
        r.u8(); // scale mode: nearest is used for both
        Mask mask = ctx.mask(body, r, base.box());
        Pixmap src = ctx.images.resolve(body, srcPtr);
        List<Rect> areas = base.areas();
        Surface s = base.surface();
        synchronized (s.lock()) {
            Canvas.blit(s, areas, base.box(), src, srcArea, ropd, mask, s.hasAlpha());
        }
        return new Drawn(s, areas);
    }

    private Drawn opaque(WireReader r) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        long srcPtr = r.u32();
        Rect srcArea = Rect.read(r);
        Brush brush = ctx.brush(body, r);
        int ropd = r.u16();
        r.u8();
        Mask mask = ctx.mask(body, r, base.box());
        Pixmap src = ctx.images.resolve(body, srcPtr);
        List<Rect> areas = base.areas();
        Surface s = base.surface();
        synchronized (s.lock()) {
            // OPAQUE draws the source over the brush: paint the brush, then the source through ropd.
            if (brush.type() != DrawContext.BRUSH_NONE) {
                paintBrush(s, areas, brush, Ropd.OP_PUT, mask);
            }
            Canvas.blit(s, areas, base.box(), src, srcArea, ropd, mask, false);
        }
        return new Drawn(s, areas);
    }

    private Drawn solidOp(WireReader r, int op) throws SpiceException {
        WireReader body = r.at(0);
        Base base = ctx.base(r);
        Mask mask = ctx.mask(body, r, base.box());
        List<Rect> areas = base.areas();
        synchronized (base.surface().lock()) {
            Canvas.fill(base.surface(), areas, 0, op, mask);
        }
        return new Drawn(base.surface(), areas);
    }
}
