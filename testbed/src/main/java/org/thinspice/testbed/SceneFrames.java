package org.thinspice.testbed;

import java.util.Arrays;

/**
 * The exact frames of the tiny guest's moving scenes ({@code /tbpattern anim} and {@code /tbpattern scroll}), each a
 * pure function of its frame number n (mod 65536), which the guest draws into the frame as a code of
 * {@value #CODE_CELLS} black/white {@value #CODE_CELL}x{@value #CODE_CELL} cells (white = 1): 16 bits of n, lowest
 * first, then 8 check bits ({@link #check}). The formulas mirror {@code testbed/guest/tbpattern.c}; colours are
 * {@code 0xRRGGBB} (32 bpp framebuffers).
 *
 * <ul>
 * <li>{@code anim} on W x H: the {@link Patterns#bars bars} background; a 256x192 block at x = {@link #animBlockX},
 *     y = H/4 + 32 showing columns {@code phase .. phase + 255} of a 512x192 texture ({@code photo(u, v + 1000)});
 *     the code at (0, H/4 + 16), just above the block's rows. 25 frames a second.</li>
 * <li>{@code scroll}: black pseudo-text (8x16 glyph cells, lines of 20..119 characters) on white; step n shows text
 *     lines n .. n + H/16 - 1, one per 16 rows, and the code at (W - 384, 0) over the text. 20 steps a second,
 *     each moving everything up one line.</li>
 * </ul>
 * {@link #animFrame} / {@link #scrollFrame} render whole frames; {@link Reference} renders them repeatedly for less
 * (cached background, texture and text lines) for a client measuring every presented frame.
 */
public final class SceneFrames {
    public static final int CODE_CELL = 16;
    public static final int CODE_CELLS = 24;
    static final int BLOCK_W = 256;
    static final int BLOCK_H = 192;
    static final int TEX_W = 512;

    private SceneFrames() {
    }

    /** The 8 check bits of frame number {@code n} (0..65535). */
    public static int check(int n) {
        return Patterns.mix(n, 0, 77) & 255;
    }

    /** Top row of the anim block on a screen {@code h} rows high. */
    public static int animBlockY(int h) {
        return h / 4 + 32;
    }

    /** Left column of the anim block in frame {@code n} on a screen {@code w} wide. */
    public static int animBlockX(int n, int w) {
        int span = w - BLOCK_W;
        int pos = (int) (((long) (n & 0xFFFF) * 8) % (2L * span));
        return pos < span ? pos : 2 * span - pos;
    }

    static int animPhase(int n) {
        return ((n & 0xFFFF) * 4) % (TEX_W - BLOCK_W);
    }

    /** Where the anim's code is: {x, y}. */
    public static int[] animCodeAt(int w, int h) {
        return new int[] {0, animBlockY(h) - CODE_CELL};
    }

    /** Where the scroll scene's code is: {x, y}. */
    public static int[] scrollCodeAt(int w, int h) {
        return new int[] {w - CODE_CELLS * CODE_CELL, 0};
    }

    /** The code's colour at cell-relative column {@code dx} for frame {@code n}. */
    static int codePixel(int n, int dx) {
        int bits = (n & 0xFFFF) | check(n & 0xFFFF) << 16;
        return ((bits >>> (dx / CODE_CELL)) & 1) != 0 ? 0xFFFFFF : 0x000000;
    }

    /**
     * Reads the frame code at ({@code x0}, {@code y0}) of an ARGB/RGB picture {@code stride} pixels wide: each cell's
     * inner 8x8 pixels averaged (so a lossy picture reads back), 1 when brighter than mid-grey. Returns n, or -1 when
     * the check bits do not match (a torn, half-drawn or badly blurred frame).
     */
    public static int readCode(int[] pixels, int stride, int x0, int y0) {
        int bits = 0;
        for (int i = 0; i < CODE_CELLS; i++) {
            long sum = 0;
            for (int y = y0 + 4; y < y0 + 12; y++) {
                int base = y * stride + x0 + i * CODE_CELL;
                for (int x = 4; x < 12; x++) {
                    int p = pixels[base + x];
                    sum += ((p >>> 16) & 255) + ((p >>> 8) & 255) + (p & 255);
                }
            }
            if (sum > 64L * 3 * 128) {
                bits |= 1 << i;
            }
        }
        int n = bits & 0xFFFF;
        return (bits >>> 16) == check(n) ? n : -1;
    }

    /** The scroll scene's text at line {@code k}, pixel row {@code py} (0..15) of the line, column {@code x}. */
    static int textPixel(int k, int x, int py) {
        int col = x / 8;
        int px = x % 8;
        int len = 20 + Integer.remainderUnsigned(Patterns.mix(k, 1, 31), 100);
        if (col >= len || px == 0 || px == 7 || py < 2 || py > 13 || (Patterns.mix(col, k, 9) & 7) == 0) {
            return 0xFFFFFF;
        }
        return ((Patterns.mix(col + k * 131, py, 7) >>> px) & 1) != 0 ? 0x000000 : 0xFFFFFF;
    }

    /** The whole anim frame {@code n} at {@code w x h}. */
    public static Picture animFrame(int n, int w, int h) {
        int[] p = new int[w * h];
        new Reference(Scene.ANIM, w, h).render(n, 0, h, p);
        return new Picture(w, h, p);
    }

    /** The whole scroll frame (step) {@code n} at {@code w x h}. */
    public static Picture scrollFrame(int n, int w, int h) {
        int[] p = new int[w * h];
        new Reference(Scene.SCROLL, w, h).render(n, 0, h, p);
        return new Picture(w, h, p);
    }

    /** The moving scenes. */
    public enum Scene {
        ANIM, SCROLL;

        /** {x, y} of this scene's frame code. */
        public int[] codeAt(int w, int h) {
            return this == ANIM ? animCodeAt(w, h) : scrollCodeAt(w, h);
        }

        /** Rows that change from frame to frame: {first, end}. */
        public int[] movingRows(int w, int h) {
            return this == ANIM ? new int[] {animBlockY(h) - CODE_CELL, animBlockY(h) + BLOCK_H} : new int[] {0, h};
        }
    }

    /**
     * Renders frames of one scene at one size again and again: the anim's background and texture and the scroll
     * scene's text lines are computed once (lines kept for the last 128 line numbers), so a frame's rows cost a copy
     * plus the moving parts. Not thread-safe.
     */
    public static final class Reference {
        private final Scene scene;
        private final int w;
        private final int h;
        private int[] background;
        private int[] texture;
        private final int[][] lines = new int[128][];
        private final int[] lineKeys = new int[128];

        public Reference(Scene scene, int w, int h) {
            if (w < CODE_CELLS * CODE_CELL || w > 4096 || h < 64 || h > 4096) {
                throw new IllegalArgumentException("unsupported size " + w + "x" + h);
            }
            this.scene = scene;
            this.w = w;
            this.h = h;
            Arrays.fill(lineKeys, -1);
            if (scene == Scene.ANIM) {
                background = Patterns.barsPicture(w, h).pixels();
                texture = new int[BLOCK_H * TEX_W];
                for (int v = 0; v < BLOCK_H; v++) {
                    for (int u = 0; u < TEX_W; u++) {
                        texture[v * TEX_W + u] = Patterns.photo(u, v + 1000, 0, 0);
                    }
                }
            }
        }

        public Scene scene() {
            return scene;
        }

        /** Writes rows {@code [y0, y1)} of frame {@code n} as {@code 0xFFRRGGBB} into {@code out} ({@code w} wide, row y0 at 0). */
        public void render(int n, int y0, int y1, int[] out) {
            if (y0 < 0 || y1 > h || y0 > y1 || out.length < (y1 - y0) * w) {
                throw new IllegalArgumentException("rows " + y0 + ".." + y1 + " of " + h);
            }
            int[] code = scene.codeAt(w, h);
            for (int y = y0; y < y1; y++) {
                int o = (y - y0) * w;
                if (scene == Scene.ANIM) {
                    System.arraycopy(background, y * w, out, o, w);
                    int by = animBlockY(h);
                    if (y >= by && y < by + BLOCK_H) {
                        int bx = animBlockX(n, w);
                        int phase = animPhase(n);
                        int t = (y - by) * TEX_W + phase;
                        for (int x = 0; x < BLOCK_W; x++) {
                            out[o + bx + x] = 0xFF000000 | texture[t + x];
                        }
                    }
                } else {
                    int[] line = line((n & 0xFFFF) + y / 16);
                    System.arraycopy(line, (y % 16) * w, out, o, w);
                }
                if (y >= code[1] && y < code[1] + CODE_CELL) {
                    for (int dx = 0; dx < CODE_CELLS * CODE_CELL; dx++) {
                        out[o + code[0] + dx] = 0xFF000000 | codePixel(n, dx);
                    }
                }
            }
        }

        private int[] line(int k) {
            int slot = k & 127;
            if (lineKeys[slot] != k) {
                int[] l = lines[slot] == null ? new int[16 * w] : lines[slot];
                for (int py = 0; py < 16; py++) {
                    for (int x = 0; x < w; x++) {
                        l[py * w + x] = 0xFF000000 | textPixel(k, x, py);
                    }
                }
                lines[slot] = l;
                lineKeys[slot] = k;
            }
            return lines[slot];
        }
    }

    /**
     * Squared error summed over R, G and B of {@code a} against {@code b} from offsets {@code ao} / {@code bo}, {@code n}
     * pixels.
     */
    public static long squaredError(int[] a, int ao, int[] b, int bo, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int p = a[ao + i];
            int q = b[bo + i];
            int dr = ((p >>> 16) & 255) - ((q >>> 16) & 255);
            int dg = ((p >>> 8) & 255) - ((q >>> 8) & 255);
            int db = (p & 255) - (q & 255);
            sum += dr * dr + dg * dg + db * db;
        }
        return sum;
    }

    /** PSNR in dB for a squared error over {@code samples} 8-bit samples; +Infinity when exact. */
    public static double psnr(long squaredError, long samples) {
        if (squaredError == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mse = (double) squaredError / samples;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
