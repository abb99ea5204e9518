package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SceneFramesTest {
    @Test
    void codeReadsBackFromEveryFrameAndOnlyWhenItsCheckFits() {
        for (int n : new int[] {0, 1, 2, 191, 192, 1000, 65535}) {
            Picture a = SceneFrames.animFrame(n, 1024, 768);
            int[] at = SceneFrames.animCodeAt(1024, 768);
            assertEquals(n, SceneFrames.readCode(a.pixels(), 1024, at[0], at[1]));
            Picture s = SceneFrames.scrollFrame(n, 1024, 768);
            int[] st = SceneFrames.scrollCodeAt(1024, 768);
            assertEquals(n, SceneFrames.readCode(s.pixels(), 1024, st[0], st[1]));
        }
        // One flipped cell is caught by the check bits (for these frames).
        Picture a = SceneFrames.animFrame(77, 1024, 768);
        int[] p = a.pixels().clone();
        int[] at = SceneFrames.animCodeAt(1024, 768);
        for (int y = at[1]; y < at[1] + 16; y++) {
            for (int x = 16; x < 32; x++) {
                p[y * 1024 + x] ^= 0xFFFFFF;
            }
        }
        assertEquals(-1, SceneFrames.readCode(p, 1024, at[0], at[1]));
        // Noise of +-40 per sample does not change the reading.
        int[] noisy = a.pixels().clone();
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < noisy.length; i++) {
            int d = r.nextInt(81) - 40;
            int v = noisy[i];
            int rr = Math.max(0, Math.min(255, ((v >>> 16) & 255) + d));
            int gg = Math.max(0, Math.min(255, ((v >>> 8) & 255) + d));
            int bb = Math.max(0, Math.min(255, (v & 255) + d));
            noisy[i] = 0xFF000000 | rr << 16 | gg << 8 | bb;
        }
        assertEquals(77, SceneFrames.readCode(noisy, 1024, at[0], at[1]));
    }

    @Test
    void framesMoveAndRepeatWithTheirNumber() {
        Picture f0 = SceneFrames.animFrame(0, 1024, 768);
        Picture f1 = SceneFrames.animFrame(1, 1024, 768);
        assertTrue(!f0.sameRgb(f1));
        // Outside the moving rows the anim is the bars pattern.
        Picture bars = Patterns.barsPicture(1024, 768);
        assertEquals(bars.rgb(100, 700), f1.rgb(100, 700));
        assertEquals(bars.rgb(500, 100), f1.rgb(500, 100));
        // The scroll scene moves one 16-px line per step: rows 16.. of step n are rows 0.. of step n + 1.
        Picture s5 = SceneFrames.scrollFrame(5, 1024, 768);
        Picture s6 = SceneFrames.scrollFrame(6, 1024, 768);
        for (int y = 16; y < 768; y++) {
            for (int x = 0; x < 600; x++) {
                assertEquals(s5.rgb(x, y), s6.rgb(x, y - 16), "at " + x + "," + y);
            }
        }
        SceneFrames.Reference ref = new SceneFrames.Reference(SceneFrames.Scene.ANIM, 1024, 768);
        int[] rows = new int[1024 * 208];
        ref.render(1, 208, 416, rows);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(f1.pixels()[208 * 1024 + i], rows[i]);
        }
        assertEquals(Double.POSITIVE_INFINITY, SceneFrames.psnr(0, 100));
        assertEquals(48.13, SceneFrames.psnr(100, 100), 0.01);
    }
}
