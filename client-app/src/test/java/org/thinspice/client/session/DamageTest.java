package org.thinspice.client.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.display.Surface;

class DamageTest {
    @Test
    void rectanglesBetweenPulsesBecomeTheirUnion() {
        Damage d = new Damage();
        Surface s = new Surface(0, 100, 80, Surface.FMT_32_XRGB, true);
        assertNull(d.take());
        d.add(s, 0, 0, 0, 0);
        Damage.Frame whole = d.take();
        assertTrue(whole.newSurface());
        assertEquals(100, whole.width());
        assertNull(d.take(), "nothing new");
        d.add(s, 10, 20, 5, 5);
        d.add(s, 40, 8, 10, 2);
        Damage.Frame f = d.take();
        assertFalse(f.newSurface());
        assertEquals(10, f.x());
        assertEquals(8, f.y());
        assertEquals(40, f.width());
        assertEquals(17, f.height());
    }

    @Test
    void theViewIsToldOnceUntilItTakesWhatIsPending() {
        Damage d = new Damage();
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        d.onPending(told::incrementAndGet);
        Surface s = new Surface(0, 100, 80, Surface.FMT_32_XRGB, true);
        d.add(s, 0, 0, 0, 0);
        assertEquals(1, told.get(), "a new surface is something to present");
        d.add(s, 1, 1, 2, 2);
        assertEquals(1, told.get(), "not told again before the view took it");
        assertTrue(d.take().newSurface());
        d.add(s, 0, 0, 0, 0);
        assertEquals(1, told.get(), "an empty rectangle on the same surface is nothing new");
        assertNull(d.take());
        d.add(s, 3, 3, 4, 4);
        assertEquals(2, told.get());
        d.add(s, 5, 5, 4, 4);
        assertEquals(2, told.get());
        assertEquals(3, d.take().x());
        assertNull(d.take());
    }

    @Test
    void rectanglesAreClippedAndANewSurfaceIsShownWhole() {
        Damage d = new Damage();
        Surface s = new Surface(0, 100, 80, Surface.FMT_32_XRGB, true);
        d.add(s, 0, 0, 0, 0);
        d.take();
        d.add(s, 90, 70, 50, 50);
        Damage.Frame f = d.take();
        assertEquals(10, f.width());
        assertEquals(10, f.height());
        Surface bigger = new Surface(0, 200, 160, Surface.FMT_32_XRGB, true);
        d.add(bigger, 1, 1, 1, 1);
        Damage.Frame g = d.take();
        assertTrue(g.newSurface());
        assertEquals(200, g.width());
        assertEquals(160, g.height());
    }

    @Test
    void theUnionCoversEveryRectangleAndNothingOutsideThem() {
        Damage d = new Damage();
        Surface s = new Surface(0, 1024, 768, Surface.FMT_32_XRGB, true);
        d.add(s, 0, 0, 0, 0);
        d.take();
        java.util.Random r = new java.util.Random(5);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(6);
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = Integer.MIN_VALUE;
            int y1 = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                int x = r.nextInt(1100) - 40;
                int y = r.nextInt(840) - 40;
                int w = 1 + r.nextInt(300);
                int h = 1 + r.nextInt(300);
                d.add(s, x, y, w, h);
                x0 = Math.min(x0, Math.max(0, x));
                y0 = Math.min(y0, Math.max(0, y));
                x1 = Math.max(x1, Math.min(1024, x + w));
                y1 = Math.max(y1, Math.min(768, y + h));
            }
            Damage.Frame f = d.take();
            if (x1 <= x0 || y1 <= y0) {
                assertNull(f, "all outside the surface");
                continue;
            }
            assertEquals(x0, f.x());
            assertEquals(y0, f.y());
            assertEquals(x1 - x0, f.width());
            assertEquals(y1 - y0, f.height());
            assertNull(d.take(), "taken once");
        }
    }

    @Test
    void emptyRectanglesAreNotChangesAndResetForgetsTheSurface() {
        Damage d = new Damage();
        Surface s = new Surface(0, 64, 64, Surface.FMT_32_XRGB, true);
        d.add(s, 0, 0, 0, 0);
        d.take();
        d.add(s, 10, 10, 0, 5);
        d.add(s, 10, 10, 5, -1);
        assertNull(d.take());
        assertEquals(0, d.reported());
        d.add(s, 1, 2, 3, 4);
        d.reset();
        assertNull(d.take(), "a new session starts from nothing");
    }
}
