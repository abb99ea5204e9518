package org.thinspice.client.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FitScalerTest {
    private static int[] picture(Random r, int w, int h) {
        int[] p = new int[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0xFF000000 | r.nextInt(0x1000000);
        }
        return p;
    }

    @Test
    void equalSizesAreTheSourceBitForBit() {
        Random r = new Random(1);
        for (int[] size : new int[][] {{1, 1}, {7, 5}, {1024, 768}}) {
            int[] src = picture(r, size[0], size[1]);
            assertArrayEquals(src, FitScaler.scaleAll(src, size[0], size[1], size[0], size[1]));
            FitScaler s = new FitScaler(size[0], size[1], size[0], size[1]);
            int x = size[0] / 3;
            int y = size[1] / 2;
            assertArrayEquals(new int[] {x, y, size[0] - x, 1}, s.dirty(x, y, size[0] - x, 1), "1:1 dirty rectangle is itself");
        }
    }

    @Test
    void upscaledCornersAreTheSourceCornersAndEveryEdgeStaysInside() {
        Random r = new Random(2);
        int[][] cases = {{1024, 768, 1280, 960}, {7, 5, 13, 11}, {1, 1, 5, 3}, {2, 2, 1280, 1024}};
        for (int[] c : cases) {
            int[] src = picture(r, c[0], c[1]);
            int[] dst = FitScaler.scaleAll(src, c[0], c[1], c[2], c[3]);
            String what = Arrays.toString(c);
            assertEquals(src[0], dst[0], what);
            assertEquals(src[c[0] - 1], dst[c[2] - 1], what);
            assertEquals(src[(c[1] - 1) * c[0]], dst[(c[3] - 1) * c[2]], what);
            assertEquals(src[c[0] * c[1] - 1], dst[c[2] * c[3] - 1], what);
        }
    }

    @Test
    void downscalingReadsOnlyInsideThePicture() {
        Random r = new Random(3);
        int[][] cases = {{1920, 1080, 1280, 720}, {13, 11, 3, 2}, {5, 3, 1, 1}, {1280, 1024, 1, 1024}};
        for (int[] c : cases) {
            int[] src = picture(r, c[0], c[1]);
            int[] dst = FitScaler.scaleAll(src, c[0], c[1], c[2], c[3]);
            for (int p : dst) {
                assertEquals(0xFF000000, p & 0xFF000000, "opaque");
            }
        }
    }

    @Test
    void aUniformPictureStaysUniformAndHalfwayMixesRound() {
        int[] src = new int[37 * 23];
        Arrays.fill(src, 0xFF123456);
        for (int p : FitScaler.scaleAll(src, 37, 23, 100, 61)) {
            assertEquals(0xFF123456, p);
        }
        for (int p : FitScaler.scaleAll(src, 37, 23, 11, 7)) {
            assertEquals(0xFF123456, p);
        }
        assertEquals(0xFF808080, FitScaler.mix(0xFF000000, 0xFFFFFFFF, 128, 128));
        assertEquals(0xFFFFFFFF, FitScaler.mix(0xFFFFFFFF, 0xFFFFFFFF, 77, 179));
        assertEquals(0xFF00FF00, FitScaler.mix(0xFF00FF00, 0xFF00FF00, 1, 255));
    }

    @Test
    void scalingOnlyTheDirtyRectangleEqualsScalingTheWholeNewPicture() {
        Random r = new Random(4);
        int[][] sizes = {{1024, 768, 1280, 960}, {1024, 768, 1066, 800}, {1920, 1080, 1280, 720}, {9, 7, 23, 5}, {640, 480, 641, 479}};
        for (int[] c : sizes) {
            int sw = c[0];
            int sh = c[1];
            int[] src = picture(r, sw, sh);
            int[] shown = FitScaler.scaleAll(src, sw, sh, c[2], c[3]);
            FitScaler scaler = new FitScaler(sw, sh, c[2], c[3]);
            for (int round = 0; round < 40; round++) {
                // rectangles anywhere, touching and crossing the edges
                int x = r.nextInt(sw + 4) - 2;
                int y = r.nextInt(sh + 4) - 2;
                int w = 1 + r.nextInt(Math.max(1, round % 3 == 0 ? sw : Math.min(sw, 40)));
                int h = 1 + r.nextInt(Math.max(1, round % 3 == 0 ? sh : Math.min(sh, 40)));
                for (int yy = Math.max(0, y); yy < Math.min(sh, y + h); yy++) {
                    for (int xx = Math.max(0, x); xx < Math.min(sw, x + w); xx++) {
                        src[yy * sw + xx] = 0xFF000000 | r.nextInt(0x1000000);
                    }
                }
                int[] d = scaler.dirty(x, y, w, h);
                assertTrue(d[0] >= 0 && d[1] >= 0 && d[0] + d[2] <= c[2] && d[1] + d[3] <= c[3], "inside: " + Arrays.toString(d));
                scaler.scale(src, d[0], d[1], d[2], d[3], IntBuffer.wrap(shown));
                assertArrayEquals(FitScaler.scaleAll(src, sw, sh, c[2], c[3]), shown,
                        "after changing " + x + "," + y + " " + w + "x" + h + " of " + Arrays.toString(c));
            }
        }
    }

    @Test
    void theDirtyRectangleIsSmallForASmallChange() {
        FitScaler s = new FitScaler(1024, 768, 1280, 960);
        int[] d = s.dirty(100, 200, 256, 192);
        // 1.25x: 320 x 240 plus at most a pixel of bilinear footprint on each side
        assertTrue(d[2] >= 320 && d[2] <= 323 && d[3] >= 240 && d[3] <= 243, Arrays.toString(d));
        assertArrayEquals(new int[] {0, 0, 0, 0}, s.dirty(1024, 0, 10, 10), "outside the picture");
        assertArrayEquals(new int[] {0, 0, 0, 0}, s.dirty(5, 5, 0, 10), "empty");
    }

    @Test
    void fitKeepsTheAspect() {
        assertArrayEquals(new int[] {1280, 960}, FitScaler.fit(1024, 768, 1280, 1024));
        assertArrayEquals(new int[] {1066, 800}, FitScaler.fit(1024, 768, 1280, 800));
        assertArrayEquals(new int[] {1280, 720}, FitScaler.fit(1920, 1080, 1280, 1024));
        assertArrayEquals(new int[] {3, 1}, FitScaler.fit(5000, 1, 3, 3));
        assertArrayEquals(new int[] {1, 3}, FitScaler.fit(1, 5000, 3, 3));
    }

    @Test
    void rectanglesOutsideTheDestinationAreRefused() {
        FitScaler s = new FitScaler(10, 10, 20, 20);
        int[] src = new int[100];
        IntBuffer dst = IntBuffer.allocate(400);
        assertThrows(IllegalArgumentException.class, () -> s.scale(src, 15, 0, 6, 1, dst));
        assertThrows(IllegalArgumentException.class, () -> s.scale(new int[99], 0, 0, 1, 1, dst));
        assertThrows(IllegalArgumentException.class, () -> new FitScaler(0, 10, 20, 20));
    }
}
