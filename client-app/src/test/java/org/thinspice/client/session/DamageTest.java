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
}
