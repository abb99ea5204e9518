package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaletteTest {

    @Test
    void readsTheWireLayoutAndForcesAlpha() throws Exception {
        byte[] wire = new WireWriter().u64(0x8000_0000_0000_0042L).u16(2).u32(0x00112233L).u32(0x00FFFFFFL).toByteArray();
        WireReader r = new WireReader(wire);
        Palette p = Palette.read(r);
        assertEquals(0x8000_0000_0000_0042L, p.id());
        assertArrayEquals(new int[] {0xFF112233, 0xFFFFFFFF}, p.entries());
        assertEquals(0, r.remaining());
    }

    @Test
    void rejectsTruncatedAndOversizedPalettes() {
        byte[] truncated = new WireWriter().u64(1).u16(3).u32(1).u32(2).toByteArray();
        assertThrows(SpiceProtocolException.class, () -> Palette.read(new WireReader(truncated)));
        byte[] huge = new WireWriter().u64(1).u16(257).bytes(new byte[257 * 4]).toByteArray();
        SpiceProtocolException e = assertThrows(SpiceProtocolException.class, () -> Palette.read(new WireReader(huge)));
        assertEquals(SpiceReason.LIMIT_EXCEEDED, e.reason());
        assertThrows(IllegalArgumentException.class, () -> new Palette(1, new int[257]));
    }

    @Test
    void entriesCannotBeChangedFromOutside() {
        int[] ents = {1, 2};
        Palette p = new Palette(7, ents);
        ents[0] = 99;
        p.entries()[1] = 99;
        assertArrayEquals(new int[] {1, 2}, p.entries());
        assertEquals(new Palette(7, new int[] {1, 2}), p);
        assertNotEquals(new Palette(7, new int[] {1, 3}), p);
    }

    @Test
    void cachePutGetRemoveClear() throws Exception {
        PaletteCache cache = new PaletteCache();
        Palette a = new Palette(-1L, new int[] {1});
        Palette b = new Palette(2, new int[] {2});
        cache.put(a);
        cache.put(b);
        assertEquals(a, cache.get(-1L));
        assertTrue(cache.remove(2));
        assertFalse(cache.remove(2));
        SpiceImageException miss = assertThrows(SpiceImageException.class, () -> cache.get(2));
        assertTrue(miss.getMessage().contains("palette 2"), miss.getMessage());
        cache.put(new Palette(-1L, new int[] {5}));
        assertEquals(5, cache.get(-1L).entry(0), "a palette with the same id replaces the old one");
        cache.clear();
        assertEquals(0, cache.size());
    }

    @Test
    void cacheStaysBoundedDroppingTheLeastRecentlyUsed() throws Exception {
        PaletteCache cache = new PaletteCache();
        for (long id = 0; id < PaletteCache.MAX_ENTRIES; id++) {
            cache.put(new Palette(id, new int[] {(int) id}));
        }
        cache.get(0); // touch the oldest so id 1 becomes the eldest
        cache.put(new Palette(1000, new int[] {0}));
        assertEquals(PaletteCache.MAX_ENTRIES, cache.size());
        assertTrue(cache.contains(0));
        assertFalse(cache.contains(1));
        assertTrue(cache.contains(1000));
    }
}
