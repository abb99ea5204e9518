package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatternsTest {

    @Test
    void barsBandsHaveTheDocumentedColours() {
        for (int i = 0; i < 8; i++) {
            assertEquals(Patterns.BAR_COLOURS[i], Patterns.bars(i * 128 + 64, 10, 1024, 768));
        }
        assertEquals(0x000080, Patterns.bars(0, 192, 1024, 768));           // gradient origin
        assertEquals(0xFFFF80, Patterns.bars(511, 383, 1024, 768));         // gradient far corner
        assertEquals(0x000000, Patterns.bars(0, 384, 1024, 768));           // checkerboard
        assertEquals(0xFFFFFF, Patterns.bars(1, 384, 1024, 768));
        assertEquals(0xFF0000, Patterns.bars(256, 400, 1024, 768));         // vertical lines
        assertEquals(0x0000FF, Patterns.bars(257, 400, 1024, 768));
        assertEquals(0x000000, Patterns.bars(600, 400, 1024, 768));         // horizontal lines
        assertEquals(0x00FF00, Patterns.bars(600, 401, 1024, 768));
        assertEquals(Patterns.FLAT_LEFT, Patterns.bars(100, 700, 1024, 768));
        assertEquals(Patterns.FLAT_RIGHT, Patterns.bars(900, 700, 1024, 768));
    }

    @Test
    void photoIsSmoothButNotFlat() {
        int distinct = (int) java.util.stream.IntStream.range(0, 1024).map(x -> Patterns.photo(x, 300, 1024, 768))
                .distinct().count();
        assertTrue(distinct > 100, "distinct colours in one row: " + distinct);
        for (int x = 0; x < 1023; x++) {
            int a = Patterns.photo(x, 300, 1024, 768);
            int b = Patterns.photo(x + 1, 300, 1024, 768);
            for (int shift = 0; shift < 24; shift += 8) {
                int d = Math.abs((a >> shift & 255) - (b >> shift & 255));
                assertTrue(d <= 12, "step " + d + " at x=" + x);
            }
        }
    }

    @Test
    void glyphQuarterHasBothInkAndPaper() {
        Picture p = Patterns.barsPicture(1024, 768);
        int black = 0;
        int white = 0;
        for (int y = 384; y < 576; y++) {
            for (int x = 768; x < 1024; x++) {
                int c = p.rgb(x, y);
                assertTrue(c == 0 || c == 0xFFFFFF, "glyph pixel " + Integer.toHexString(c));
                black += c == 0 ? 1 : 0;
                white += c == 0xFFFFFF ? 1 : 0;
            }
        }
        assertTrue(black > 5000 && white > 5000, black + " ink, " + white + " paper");
        assertNotEquals(Patterns.barsPicture(1024, 768), Patterns.photoPicture(1024, 768));
    }
}
