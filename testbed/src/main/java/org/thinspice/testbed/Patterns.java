package org.thinspice.testbed;

/**
 * The exact pixels {@code /tbpattern} draws, computed the same way in Java (integer math only), so a
 * test can compare a whole screendump or a decoded surface against the expected picture.
 * Colours are {@code 0xRRGGBB}; valid for 32 bpp framebuffers.
 *
 * <p>{@code bars} at W x H (1024x768 in the guest), four horizontal bands of H/4 rows each:
 * <ol>
 * <li>rows [0,H/4): 8 colour bars of W/8 columns: white, yellow, cyan, green, magenta, red, blue, black
 *     ({@link #BAR_COLOURS});</li>
 * <li>rows [H/4,H/2): left half a smooth R/G gradient (B = 0x80), right half seeded value noise
 *     ("photo-like": the server picks QUIC);</li>
 * <li>rows [H/2,3H/4): four quarters of fine detail (LZ/GLZ content): 1-px checkerboard black/white,
 *     1-px vertical red/blue lines, 1-px horizontal green/black lines, black 8x16 pseudo-glyphs on white;</li>
 * <li>rows [3H/4,H): flat: left half {@link #FLAT_LEFT}, right half {@link #FLAT_RIGHT}.</li>
 * </ol>
 * {@code photo}: the whole screen is seeded value noise. {@code anim}: the {@code bars} background with a
 * 256x192 photo block moving over band 2/3; each frame is a pure function of its number, which it shows (see
 * {@link SceneFrames}, which also renders {@code scroll}).
 */
public final class Patterns {
    /** The eight colour bars of band 1, left to right. */
    public static final int[] BAR_COLOURS = {
        0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00, 0xFF00FF, 0xFF0000, 0x0000FF, 0x000000};
    public static final int FLAT_LEFT = 0x808080;
    public static final int FLAT_RIGHT = 0x204060;

    private Patterns() {
    }

    /** Expected RGB of {@code bars} at (x, y) on a {@code w x h} screen. */
    public static int bars(int x, int y, int w, int h) {
        int band = y * 4 / h;
        if (band == 0) {
            return BAR_COLOURS[x * 8 / w];
        }
        if (band == 1) {
            if (x < w / 2) {
                int y0 = bandStart(1, h);
                int bandHeight = bandStart(2, h) - y0;
                int r = x * 255 / (w / 2 - 1);
                int g = (y - y0) * 255 / (bandHeight - 1);
                return r << 16 | g << 8 | 0x80;
            }
            return photo(x, y);
        }
        if (band == 2) {
            return detail(x, y, w, h);
        }
        return x < w / 2 ? FLAT_LEFT : FLAT_RIGHT;
    }

    private static int detail(int x, int y, int w, int h) {
        int quarter = x * 4 / w;
        if (quarter == 0) {
            return ((x + y) & 1) != 0 ? 0xFFFFFF : 0x000000;
        }
        if (quarter == 1) {
            return (x & 1) != 0 ? 0x0000FF : 0xFF0000;
        }
        if (quarter == 2) {
            return (y & 1) != 0 ? 0x00FF00 : 0x000000;
        }
        int lx = x - bandStart(3, w);
        int ly = y - bandStart(2, h);
        int cx = lx / 8;
        int cy = ly / 16;
        int px = lx % 8;
        int py = ly % 16;
        if (px == 0 || px == 7 || py < 2 || py > 13 || (mix(cx, cy, 9) & 7) == 0) {
            return 0xFFFFFF;
        }
        return ((mix(cx, cy * 16 + py, 7) >>> px) & 1) != 0 ? 0x000000 : 0xFFFFFF;
    }

    /** Expected RGB of {@code photo} at (x, y) on a {@code w x h} screen (independent of the size). */
    public static int photo(int x, int y, int w, int h) {
        return photo(x, y);
    }

    /** The whole expected {@code bars} picture. */
    public static Picture barsPicture(int w, int h) {
        int[] p = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = 0xFF000000 | bars(x, y, w, h);
            }
        }
        return new Picture(w, h, p);
    }

    /** The whole expected {@code photo} picture. */
    public static Picture photoPicture(int w, int h) {
        int[] p = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = 0xFF000000 | photo(x, y);
            }
        }
        return new Picture(w, h, p);
    }

    // The formulas below mirror tbpattern.c exactly (unsigned 32-bit arithmetic in C = int with >>> here).

    private static int bandStart(int k, int n) {
        return (k * n + 3) / 4;
    }

    static int mix(int ix, int iy, int seed) {
        int h = ix * 0x9E3779B1 ^ iy * 0x85EBCA77 ^ seed * 0xC2B2AE3D;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        h *= 0x297A2D39;
        h ^= h >>> 15;
        return h;
    }

    private static int noise(int x, int y, int s, int seed) {
        int ix = x / s;
        int iy = y / s;
        int fx = x % s;
        int fy = y % s;
        int v00 = mix(ix, iy, seed) & 255;
        int v10 = mix(ix + 1, iy, seed) & 255;
        int v01 = mix(ix, iy + 1, seed) & 255;
        int v11 = mix(ix + 1, iy + 1, seed) & 255;
        int top = v00 * (s - fx) + v10 * fx;
        int bottom = v01 * (s - fx) + v11 * fx;
        return (top * (s - fy) + bottom * fy) / (s * s);
    }

    private static int photo(int x, int y) {
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            int v = (3 * noise(x, y, 64, c + 1) + noise(x, y, 16, c + 11)) / 4;
            rgb = (rgb << 8) | v;
        }
        return rgb;
    }
}
