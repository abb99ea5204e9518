package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanvasTest {
    private static Surface surface(int w, int h, long seed) {
        Surface s = new Surface(0, w, h, Surface.FMT_32_XRGB, true);
        Random r = new Random(seed);
        int[] px = s.pixels();
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xFF000000 | r.nextInt(0x1000000);
        }
        return s;
    }

    @Test
    void fillHonoursClipRectsAndSurfaceBounds() {
        Surface s = surface(10, 10, 1);
        int[] before = s.snapshot();
        Clip clip = new Clip(List.of(new Rect(0, 0, 2, 2), new Rect(8, 8, 20, 20)));
        List<Rect> areas = Canvas.areas(s, new Rect(1, 1, 50, 50), clip);
        Canvas.fill(s, areas, 0x123456, Ropd.OP_PUT, null);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                boolean inside = (x == 1 && y == 1) || (x >= 8 && y >= 8);
                assertEquals(inside ? 0xFF123456 : before[y * 10 + x], s.pixels()[y * 10 + x], x + "," + y);
            }
        }
    }

    @Test
    void fillThroughRopdXor() {
        Surface s = surface(4, 4, 2);
        int[] before = s.snapshot();
        Canvas.fill(s, Canvas.areas(s, new Rect(0, 0, 4, 4), Clip.NONE), 0x00FF00, Ropd.OP_XOR, null);
        for (int i = 0; i < 16; i++) {
            assertEquals(0xFF000000 | ((before[i] ^ 0x00FF00) & 0xFFFFFF), s.pixels()[i]);
        }
    }

    private static Pixmap pixmap(int w, int h) {
        int[] p = new int[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0xFF000000 | (i + 1) * 0x010101;
        }
        return new Pixmap(w, h, p);
    }

    @Test
    void blitWithoutScaling() {
        Surface s = surface(10, 8, 3);
        int[] before = s.snapshot();
        Pixmap src = pixmap(5, 4);
        Rect box = new Rect(4, 3, 7, 5);
        Canvas.blit(s, Canvas.areas(s, box, Clip.NONE), box, src, new Rect(1, 2, 4, 4), Ropd.OP_PUT, null, false);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 10; x++) {
                int want = box.left() <= x && x < box.right() && box.top() <= y && y < box.bottom()
                        ? src.at(1 + x - 4, 2 + y - 3) : before[y * 10 + x];
                assertEquals(want, s.pixels()[y * 10 + x], x + "," + y);
            }
        }
    }

    @Test
    void blitScaledNearest() {
        Surface s = surface(8, 8, 4);
        Pixmap src = pixmap(2, 2);
        Rect box = new Rect(0, 0, 4, 4);
        Canvas.blit(s, Canvas.areas(s, box, Clip.NONE), box, src, new Rect(0, 0, 2, 2), Ropd.OP_PUT, null, false);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(src.at(x / 2, y / 2), s.pixels()[y * 8 + x], x + "," + y);
            }
        }
    }

    @Test
    void blitWithExtremeCoordinatesStaysInBounds() {
        Surface s = surface(8, 8, 5);
        Pixmap src = pixmap(2, 2);
        Rect box = new Rect(Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 8);
        Canvas.blit(s, Canvas.areas(s, box, Clip.NONE), box, src, new Rect(Integer.MAX_VALUE - 1, 0, Integer.MIN_VALUE, 2),
                Ropd.OP_PUT, null, false);
        Rect box2 = new Rect(0, 0, 8, 8);
        Canvas.blit(s, Canvas.areas(s, box2, Clip.NONE), box2, src, new Rect(Integer.MIN_VALUE, 0, Integer.MIN_VALUE + 8, 8),
                Ropd.OP_PUT, null, false);
        // reaching here without an exception is the point; nothing was drawn from outside the source
        assertEquals(64, s.pixels().length);
    }

    /** Copies box-sized area from (srcX, srcY) the obvious way, through a full copy of the surface. */
    private static int[] naiveCopyBits(Surface s, Rect box, int srcX, int srcY) {
        int[] orig = s.snapshot();
        int[] out = orig.clone();
        for (int y = box.top(); y < box.bottom(); y++) {
            for (int x = box.left(); x < box.right(); x++) {
                out[y * s.width() + x] = orig[(srcY + y - box.top()) * s.width() + srcX + x - box.left()];
            }
        }
        return out;
    }

    @Test
    void copyBitsOverlappingInEveryDirectionMatchesNaiveCopy() {
        int[][] shifts = {{0, -3}, {0, 3}, {-3, 0}, {3, 0}, {2, 2}, {-2, -2}, {0, 1}, {1, 0}};
        for (int[] d : shifts) {
            Surface s = surface(20, 20, 6);
            Rect box = new Rect(5, 5, 15, 15);
            int srcX = box.left() + d[0];
            int srcY = box.top() + d[1];
            int[] want = naiveCopyBits(s, box, srcX, srcY);
            Canvas.copyBits(s, Canvas.areas(s, box, Clip.NONE), box, srcX, srcY);
            assertArrayEquals(want, s.pixels(), "shift " + d[0] + "," + d[1]);
        }
    }

    @Test
    void ropdOperations() {
        int src = 0xFF00FF0F;
        int dst = 0xFF0F0F00;
        assertEquals(0xFF00FF0F, Ropd.apply(Ropd.OP_PUT, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFF0FFF0F, Ropd.apply(Ropd.OP_OR, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFF000F00, Ropd.apply(Ropd.OP_AND, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFF0FF00F, Ropd.apply(Ropd.OP_XOR, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFF000000, Ropd.apply(Ropd.OP_BLACKNESS, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFFFFFFFF, Ropd.apply(Ropd.OP_WHITENESS, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFFF0F0FF, Ropd.apply(Ropd.OP_INVERS, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFFFF00F0, Ropd.apply(Ropd.OP_PUT | Ropd.INVERS_SRC, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFF00FF0F, Ropd.apply(Ropd.OP_PUT | Ropd.INVERS_BRUSH, Ropd.INVERS_SRC, src, dst),
                "brush inversion does not apply to an image source");
        assertEquals(0xFFF0FFFF, Ropd.apply(Ropd.OP_OR | Ropd.INVERS_DEST, Ropd.INVERS_SRC, src, dst));
        assertEquals(0xFFFF00F0, Ropd.apply(Ropd.OP_PUT | Ropd.INVERS_RES, Ropd.INVERS_SRC, src, dst));
        assertEquals(dst, Ropd.apply(0, Ropd.INVERS_SRC, src, dst), "no operation leaves the destination");
        assertTrue(Ropd.isPlainPut(Ropd.OP_PUT));
        assertFalse(Ropd.isPlainPut(Ropd.OP_PUT | Ropd.INVERS_SRC));
        assertFalse(Ropd.isPlainPut(Ropd.OP_XOR));
    }
}
