package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZeroWidthLineTest {
    private static List<String> plot(int x1, int y1, int x2, int y2, int l, int t, int r, int b) {
        List<String> out = new ArrayList<>();
        ZeroWidthLine.draw(x1, y1, x2, y2, l, t, r, b, (x, y, k) -> out.add(x + "," + y + "#" + k));
        return out;
    }

    /** The classic step-by-step Bresenham of mi's miZeroLine, unclipped, as an independent reference. */
    private static List<String> reference(int x1, int y1, int x2, int y2) {
        int adx = Math.abs(x2 - x1);
        int ady = Math.abs(y2 - y1);
        int sx = x2 < x1 ? -1 : 1;
        int sy = y2 < y1 ? -1 : 1;
        int octant = (x2 < x1 ? 4 : 0) | (y2 < y1 ? 2 : 0);
        int bias = 1 << 3 | 1 << 7 | 1 << 6 | 1 << 4;
        List<String> out = new ArrayList<>();
        int x = x1;
        int y = y1;
        if (adx > ady) {
            int e1 = ady << 1;
            int e3 = -(adx << 1);
            int e = -adx - ((bias >> octant) & 1);
            for (int k = 0; k < adx; k++) {
                out.add(x + "," + y + "#" + k);
                e += e1;
                if (e >= 0) {
                    y += sy;
                    e += e3;
                }
                x += sx;
            }
        } else {
            int e1 = adx << 1;
            int e3 = -(ady << 1);
            int e = -ady - ((bias >> (octant | 1)) & 1);
            for (int k = 0; k < ady; k++) {
                out.add(x + "," + y + "#" + k);
                e += e1;
                if (e >= 0) {
                    x += sx;
                    e += e3;
                }
                y += sy;
            }
        }
        return out;
    }

    @Test
    void closedFormMatchesTheStepwiseWalkAndClipsExactly() {
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            int x1 = rnd.nextInt(160) - 50;
            int y1 = rnd.nextInt(160) - 50;
            int x2 = rnd.nextInt(160) - 50;
            int y2 = rnd.nextInt(160) - 50;
            List<String> inside = new ArrayList<>();
            for (String p : reference(x1, y1, x2, y2)) {
                String[] xy = p.split("[,#]");
                int x = Integer.parseInt(xy[0]);
                int y = Integer.parseInt(xy[1]);
                if (x >= 0 && x < 32 && y >= 0 && y < 32) {
                    inside.add(p);
                }
            }
            String line = x1 + "," + y1 + " -> " + x2 + "," + y2;
            assertEquals(reference(x1, y1, x2, y2), plot(x1, y1, x2, y2, -1000, -1000, 1000, 1000), line);
            assertEquals(inside, plot(x1, y1, x2, y2, 0, 0, 32, 32), line + " clipped");
        }
    }

    @Test
    void hugeCoordinatesClipToTheVisiblePixels() {
        int[] count = {0};
        ZeroWidthLine.draw(-100_000_000, -33_000_000, 100_000_000, 33_000_001, 0, 0, 64, 64, (x, y, k) -> count[0]++);
        assertTrue(count[0] <= 64, "visited " + count[0]);
        int[] none = {0};
        ZeroWidthLine.draw(-100_000_000, 5_000_000, 100_000_000, 5_000_001, 0, 0, 64, 64, (x, y, k) -> none[0]++);
        assertEquals(0, none[0]);
    }
}
