package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.hostile.DisplayMessages;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.wire.WireWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden tests for the draw operations QEMU's qxl-drm guests do not emit: hand-built messages, expected
 * pixels derived by hand (or from the ROP3 truth table / pixman's rounding rule) in each test.
 */
class DrawOpsTest {
    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;
    private final List<Integer> applied = new ArrayList<>();
    private final DisplayChannel display = new DisplayChannel(0, new SpiceListener() {
        @Override
        public void onDrawApplied(int channelId, int messageType) {
            applied.add(messageType);
        }
    }, new PixmapCache(1 << 20), new GlzWindow(1 << 20, Duration.ZERO), 1 << 19);

    private Surface surface(int w, int h, int fill) throws SpiceException {
        feed(MessageTypes.DISPLAY_SURFACE_CREATE, DisplayMessages.surfaceCreate(0, w, h, Surface.FMT_32_XRGB, 1));
        feed(MessageTypes.DISPLAY_DRAW_FILL, DisplayMessages.fill(0, 0, 0, w, h, fill, Ropd.OP_PUT));
        return display.primary();
    }

    private void feed(int type, byte[] body) throws SpiceException {
        display.onMessage(new SpiceMessage(type, body), m -> { });
    }

    @Test
    void rop3CombinesBrushSourceAndDestinationPerBit() throws Exception {
        Surface s = surface(4, 1, 0x00AAAAAA);
        int[] src = {0xFFCCCCCC, 0xFF00FF00, 0xFF123456, 0xFFFFFFFF};
        for (int rop : new int[] {Rop3.SRCINVERT}) {
            DrawBody b = DrawBody.base(0, 0, 0, 4, 1).ptr(DrawBody.bitmap(4, 1, false, src)).rect(0, 0, 4, 1);
            b.solidBrush(0xF0F0F0).w.u8(rop).u8(1);
            feed(MessageTypes.DISPLAY_DRAW_ROP3, b.noMask().build());
        }
        int[] expected = new int[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = 0xFF000000 | (src[i] ^ 0xAAAAAA) & 0xFFFFFF; // SRCINVERT = S xor D
        }
        assertArrayEquals(expected, s.snapshot());
        // 0xE2 = DSPDxax: ((D ^ P) & S) ^ D, i.e. S chooses between P (S=1) and D (S=0)
        DrawBody b = DrawBody.base(0, 0, 0, 4, 1).ptr(DrawBody.bitmap(4, 1, false, 0xFFFFFFFF, 0xFF000000,
                0xFF00FF00, 0xFFFFFFFF)).rect(0, 0, 4, 1);
        b.solidBrush(0x0000FF).w.u8(0xE2).u8(1);
        int[] before = s.snapshot();
        feed(MessageTypes.DISPLAY_DRAW_ROP3, b.noMask().build());
        assertArrayEquals(new int[] {0xFF0000FF, before[1], 0xFF000000 | before[2] & 0xFF00FF, 0xFF0000FF}, s.snapshot());
        assertEquals(MessageTypes.DISPLAY_DRAW_ROP3, applied.get(applied.size() - 1));
    }

    @Test
    void rop3ScaledFromATinySourceAreaStaysInsideIt() throws Exception {
        // a 1x1 source stretched over a 100000-px box: the 16.16 scale factor rounds to 0 (fuzzer finding)
        Surface s = surface(4, 1, 0);
        DrawBody b = DrawBody.base(0, 0, 0, 100_000, 1).ptr(DrawBody.bitmap(2, 1, false, 0xFF123456, 0xFF654321))
                .rect(1, 0, 2, 1);
        b.solidBrush(0).w.u8(Rop3.SRCCOPY).u8(1);
        feed(MessageTypes.DISPLAY_DRAW_ROP3, b.noMask().build());
        assertArrayEquals(new int[] {0xFF654321, 0xFF654321, 0xFF654321, 0xFF654321}, s.snapshot());
    }

    @Test
    void rop3PatternBrushTilesFromItsOrigin() throws Exception {
        Surface s = surface(4, 1, 0);
        DrawBody b = DrawBody.base(0, 0, 0, 4, 1).ptr(DrawBody.bitmap(4, 1, false, 0, 0, 0, 0)).rect(0, 0, 4, 1);
        b.w.u8(2);
        b.ptr(DrawBody.bitmap(2, 1, false, 0xFF111111, 0xFF222222)).w.u32(1).u32(0);
        b.w.u8(Rop3.PATCOPY).u8(1);
        feed(MessageTypes.DISPLAY_DRAW_ROP3, b.noMask().build());
        // pattern pixel (x - 1) mod 2: x=0 -> 1, x=1 -> 0, ...
        assertArrayEquals(new int[] {0xFF222222, 0xFF111111, 0xFF222222, 0xFF111111}, s.snapshot());
    }

    @Test
    void transparentSkipsTheKeyColour() throws Exception {
        Surface s = surface(3, 1, 0xFFFFFF);
        DrawBody b = DrawBody.base(0, 0, 0, 3, 1).ptr(DrawBody.bitmap(3, 1, false, 0xFFFF0000, 0xFF00FF00, 0xFF0000FF))
                .rect(0, 0, 3, 1);
        b.w.u32(0x123456).u32(0x00FF00);
        feed(MessageTypes.DISPLAY_DRAW_TRANSPARENT, b.build());
        assertArrayEquals(new int[] {0xFFFF0000, WHITE, 0xFF0000FF}, s.snapshot());
    }

    @Test
    void alphaBlendAppliesGlobalAndSourceAlphaWithPixmanRounding() throws Exception {
        Surface s = surface(2, 1, 0xFFFFFF);
        // opaque blue at global alpha 128: src' = (128, 0, 0, 128); white * (255-128)/255 = 127 per channel
        DrawBody b = DrawBody.base(0, 0, 0, 1, 1);
        b.w.u8(0).u8(128);
        b.ptr(DrawBody.bitmap(1, 1, false, 0xFF0000FF)).rect(0, 0, 1, 1);
        feed(MessageTypes.DISPLAY_DRAW_ALPHA_BLEND, b.build());
        // premultiplied half-transparent blue at global alpha 255 gives the same
        DrawBody c = DrawBody.base(0, 1, 0, 2, 1);
        c.w.u8(0).u8(255);
        c.ptr(DrawBody.bitmap(1, 1, true, 0x80000080)).rect(0, 0, 1, 1);
        feed(MessageTypes.DISPLAY_DRAW_ALPHA_BLEND, c.build());
        assertArrayEquals(new int[] {0xFF7F7FFF, 0xFF7F7FFF}, s.snapshot());
    }

    @Test
    void alphaBlendScalesWithPixelCentreSampling() throws Exception {
        Surface s = surface(4, 1, 0);
        DrawBody b = DrawBody.base(0, 0, 0, 4, 1);
        b.w.u8(0).u8(255);
        b.ptr(DrawBody.bitmap(2, 1, false, 0xFF010101, 0xFF020202)).rect(0, 0, 2, 1);
        feed(MessageTypes.DISPLAY_DRAW_ALPHA_BLEND, b.build());
        // factor 0.5: centres 0.25, 0.75, 1.25, 1.75 -> source 0, 0, 1, 1
        assertArrayEquals(new int[] {0xFF010101, 0xFF010101, 0xFF020202, 0xFF020202}, s.snapshot());
    }

    @Test
    void strokeDrawsBresenhamWithoutTheEndPoint() throws Exception {
        Surface s = surface(8, 4, 0);
        feed(MessageTypes.DISPLAY_DRAW_STROKE, stroke(8, 4, 0xFFFFFF, Ropd.OP_PUT, null, 0, 0, 5, 2));
        // slope 2/5: y = round(0.4 x) for x = 0..4; (5, 2) is the excluded end point
        assertEquals(pixels(8, 4, 0, 0, 1, 0, 2, 1, 3, 1, 4, 2), lit(s));
    }

    @Test
    void strokeTiesResolveTheSameWayInBothDirections() throws Exception {
        Surface s = surface(4, 4, 0);
        feed(MessageTypes.DISPLAY_DRAW_STROKE, stroke(4, 4, 0xFFFFFF, Ropd.OP_PUT, null, 0, 0, 2, 1));
        List<String> forward = lit(s);
        Surface t = surface(4, 4, 0);
        feed(MessageTypes.DISPLAY_DRAW_STROKE, stroke(4, 4, 0xFFFFFF, Ropd.OP_PUT, null, 2, 1, 0, 0));
        // forward: (0,0), (1,1); backward: (2,1), (1,1): the tie at x=1 goes to y=1 both times
        assertEquals(pixels(4, 4, 0, 0, 1, 1), forward);
        assertEquals(pixels(4, 4, 2, 1, 1, 1), lit(t));
    }

    @Test
    void strokeXorAndStyledDashes() throws Exception {
        Surface s = surface(10, 1, 0x0000FF);
        // dashes 2 on, 1 off (fixed28_4 lengths)
        feed(MessageTypes.DISPLAY_DRAW_STROKE, stroke(10, 1, 0xFFFF00, Ropd.OP_XOR, new int[] {0x20, 0x10}, 0, 0, 10, 0));
        int on = 0xFFFFFFFF;
        int off = 0xFF0000FF;
        assertArrayEquals(new int[] {on, on, off, on, on, off, on, on, off, on}, s.snapshot());
    }

    @Test
    void styledDashesStartingWithAGap() {
        // style {2, 1} with START_WITH_GAP: the first length is a gap, so gap 2, dash 1, gap 2, dash 1 ...
        int[] dash = {1, 2, 1}; // as StrokeDraw arranges it: {style[1], style[0]}, offset style[1]
        boolean[] on = new boolean[7];
        for (int i = 0; i < on.length; i++) {
            on[i] = StrokeDraw.dashOn(dash, i);
        }
        assertArrayEquals(new boolean[] {false, false, true, false, false, true, false}, on);
        // an odd number of entries repeats with on and off swapped: {1, 2, 1} -> on off off on | off on on off
        int[] odd = {1, 2, 1, 0};
        boolean[] o = new boolean[8];
        for (int i = 0; i < o.length; i++) {
            o[i] = StrokeDraw.dashOn(odd, i);
        }
        assertArrayEquals(new boolean[] {true, false, false, true, false, true, true, false}, o);
    }

    @Test
    void strokeFlattensAStraightBezierToItsChord() throws Exception {
        Surface s = surface(8, 1, 0);
        WireWriter path = new WireWriter().u32(1).u8(StrokePath.BEGIN | StrokePath.BEZIER | StrokePath.END).u32(4);
        for (int x : new int[] {0, 2, 4, 6}) {
            path.u32(x << 4).u32(0);
        }
        DrawBody b = DrawBody.base(0, 0, 0, 8, 1).ptr(path.toByteArray());
        b.w.u8(0);
        b.solidBrush(0xFFFFFF).w.u16(Ropd.OP_PUT).u16(Ropd.OP_PUT);
        feed(MessageTypes.DISPLAY_DRAW_STROKE, b.build());
        assertEquals(pixels(8, 1, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0), lit(s));
    }

    @Test
    void fixedPointRoundsUpOnlyAboveOneHalf() {
        assertEquals(1, StrokePath.fixToInt(0x18));
        assertEquals(2, StrokePath.fixToInt(0x19));
        assertEquals(-1, StrokePath.fixToInt(-0x10));
        assertEquals(-2, StrokePath.fixToInt(-0x18)); // -1.5: floor -2, fraction exactly one half stays
    }

    @Test
    void textA1GlyphsBottomUpWithBackArea() throws Exception {
        Surface s = surface(4, 3, 0);
        // one 3x2 A1 glyph at (1, 1); rows bottom-up: bottom row 101, top row 010
        WireWriter str = new WireWriter().u16(1).u8(GlyphString.RASTER_A1);
        str.u32(1).u32(1).u32(0).u32(0).u16(3).u16(2).u8(0b1010_0000).u8(0b0100_0000);
        DrawBody b = DrawBody.base(0, 0, 0, 4, 3).ptr(str.toByteArray());
        b.rect(0, 0, 4, 1); // back area: the top row
        b.solidBrush(0xFF0000).solidBrush(0x00FF00).w.u16(Ropd.OP_PUT).u16(Ropd.OP_PUT);
        feed(MessageTypes.DISPLAY_DRAW_TEXT, b.build());
        int g = 0xFF00FF00;
        int r = 0xFFFF0000;
        assertArrayEquals(new int[] {
                g, g, g, g,
                BLACK, BLACK, r, BLACK,
                BLACK, r, BLACK, r}, s.snapshot());
    }

    @Test
    void textA4AndA8CoverageBlendsOver() throws Exception {
        Surface s = surface(3, 1, 0xFFFFFF);
        // A8 glyph of 3 pixels: coverage 0x80, 0xFF, 0x00 -- red over white
        WireWriter str = new WireWriter().u16(1).u8(GlyphString.RASTER_A8);
        str.u32(0).u32(0).u32(0).u32(0).u16(3).u16(1).u8(0x80).u8(0xFF).u8(0);
        DrawBody b = DrawBody.base(0, 0, 0, 3, 1).ptr(str.toByteArray());
        b.rect(0, 0, 0, 0).solidBrush(0xFF0000).solidBrush(0).w.u16(Ropd.OP_PUT).u16(Ropd.OP_PUT);
        feed(MessageTypes.DISPLAY_DRAW_TEXT, b.build());
        // red*128/255 = 128 plus white*127/255 = 127 in each channel
        assertArrayEquals(new int[] {0xFFFF7F7F, 0xFFFF0000, WHITE}, s.snapshot());

        Surface t = surface(2, 1, 0);
        WireWriter a4 = new WireWriter().u16(1).u8(GlyphString.RASTER_A4);
        a4.u32(0).u32(0).u32(0).u32(0).u16(2).u16(1).u8(0xF8);
        DrawBody c = DrawBody.base(0, 0, 0, 2, 1).ptr(a4.toByteArray());
        c.rect(0, 0, 0, 0).solidBrush(0xFFFFFF).solidBrush(0).w.u16(Ropd.OP_PUT).u16(Ropd.OP_PUT);
        feed(MessageTypes.DISPLAY_DRAW_TEXT, c.build());
        // nibble 0xF -> coverage 0xF0 (spice-common's A4 scale); nibble 8 -> 0x80
        assertArrayEquals(new int[] {0xFFF0F0F0, 0xFF808080}, t.snapshot());
    }

    @Test
    void compositeOverSrcAndAdd() throws Exception {
        Surface s = surface(3, 1, 0x0000FF);
        feed(MessageTypes.DISPLAY_DRAW_COMPOSITE, composite(0, 1, CompositeOp.OVER, 0x80800000));
        feed(MessageTypes.DISPLAY_DRAW_COMPOSITE, composite(1, 2, CompositeOp.SRC, 0x80800000));
        feed(MessageTypes.DISPLAY_DRAW_COMPOSITE, composite(2, 3, CompositeOp.ADD, 0xFF008000));
        // OVER: (128,0,0) + blue*(127/255) = (128, 0, 127); SRC keeps colour, surface forces alpha;
        // ADD: (0,128,0) + (0,0,255)
        assertArrayEquals(new int[] {0xFF80007F, 0xFF800000, 0xFF0080FF}, s.snapshot());
    }

    @Test
    void compositeRepeatTransformAndMask() throws Exception {
        Surface s = surface(4, 1, 0);
        // source 2x1 scaled up by 2 through a 0.5 transform; NORMAL repeat irrelevant inside
        DrawBody b = DrawBody.base(0, 0, 0, 4, 1);
        b.w.u32(CompositeOp.SRC | CompositeDraw.HAS_SRC_TRANSFORM | 1 << 14);
        b.ptr(DrawBody.bitmap(2, 1, false, 0xFF010101, 0xFF020202));
        b.w.u32(0x8000).u32(0).u32(0).u32(0).u32(0x10000).u32(0);
        b.w.u16(0).u16(0).u16(0).u16(0);
        feed(MessageTypes.DISPLAY_DRAW_COMPOSITE, b.build());
        assertArrayEquals(new int[] {0xFF010101, 0xFF010101, 0xFF020202, 0xFF020202}, s.snapshot());

        Surface t = surface(3, 1, 0);
        // 1x1 white source tiled (NORMAL) through a mask of alpha 0x80 -> 128 grey over black
        DrawBody c = DrawBody.base(0, 0, 0, 3, 1);
        c.w.u32(CompositeOp.OVER | CompositeDraw.HAS_MASK | 1 << 14 | 1 << 16);
        c.ptr(DrawBody.bitmap(1, 1, false, 0xFFFFFFFF)).ptr(DrawBody.bitmap(1, 1, true, 0x80000000));
        c.w.u16(0).u16(0).u16(0).u16(0);
        feed(MessageTypes.DISPLAY_DRAW_COMPOSITE, c.build());
        assertArrayEquals(new int[] {0xFF808080, 0xFF808080, 0xFF808080}, t.snapshot());
    }

    @Test
    void compositeWithoutRepeatLeavesOutsideTransparent() throws Exception {
        Surface s = surface(3, 1, 0x0000FF);
        DrawBody b = DrawBody.base(0, 0, 0, 3, 1);
        b.w.u32(CompositeOp.OVER);
        b.ptr(DrawBody.bitmap(1, 1, false, 0xFFFF0000));
        b.w.u16(0).u16(0).u16(0).u16(0);
        feed(MessageTypes.DISPLAY_DRAW_COMPOSITE, b.build());
        assertArrayEquals(new int[] {0xFFFF0000, 0xFF0000FF, 0xFF0000FF}, s.snapshot());
    }

    private static byte[] composite(int left, int right, int op, int argb) {
        DrawBody b = DrawBody.base(0, left, 0, right, 1);
        b.w.u32(op | 1 << 14);
        b.ptr(DrawBody.bitmap(1, 1, true, argb));
        b.w.u16(0).u16(0).u16(0).u16(0);
        return b.build();
    }

    private static byte[] stroke(int w, int h, int color, int mode, int[] style, int... xy) {
        WireWriter path = new WireWriter().u32(1).u8(StrokePath.BEGIN | StrokePath.END).u32(xy.length / 2);
        for (int v : xy) {
            path.u32((long) v << 4);
        }
        DrawBody b = DrawBody.base(0, 0, 0, w, h).ptr(path.toByteArray());
        if (style == null) {
            b.w.u8(0);
        } else {
            WireWriter st = new WireWriter();
            for (int v : style) {
                st.u32(v);
            }
            b.w.u8(StrokeDraw.LINE_STYLED).u8(style.length);
            b.ptr(st.toByteArray());
        }
        b.solidBrush(color).w.u16(mode).u16(Ropd.OP_PUT);
        return b.build();
    }

    private static List<String> lit(Surface s) {
        List<String> out = new ArrayList<>();
        int[] px = s.snapshot();
        for (int i = 0; i < px.length; i++) {
            if ((px[i] & 0xFFFFFF) != 0) {
                out.add(i % s.width() + "," + i / s.width());
            }
        }
        return out;
    }

    private static List<String> pixels(int w, int h, int... xy) {
        boolean[] on = new boolean[w * h];
        for (int i = 0; i < xy.length; i += 2) {
            on[xy[i + 1] * w + xy[i]] = true;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < on.length; i++) {
            if (on[i]) {
                out.add(i % w + "," + i / w);
            }
        }
        return out;
    }
}
