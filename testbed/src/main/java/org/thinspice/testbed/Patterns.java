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
 * 256x192 photo block moving over band 2/3; not deterministic in time.
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
        throw new UnsupportedOperationException("skeleton");
    }

    /** Expected RGB of {@code photo} at (x, y) on a {@code w x h} screen. */
    public static int photo(int x, int y, int w, int h) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The whole expected {@code bars} picture. */
    public static Picture barsPicture(int w, int h) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The whole expected {@code photo} picture. */
    public static Picture photoPicture(int w, int h) {
        throw new UnsupportedOperationException("skeleton");
    }
}
