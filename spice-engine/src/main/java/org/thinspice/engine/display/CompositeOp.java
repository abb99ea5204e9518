package org.thinspice.engine.display;

/**
 * The Render / pixman Porter-Duff operators COMPOSITE carries in its flags' low byte: CLEAR 0, SRC 1,
 * DST 2, OVER 3, OVER_REVERSE 4, IN 5, IN_REVERSE 6, OUT 7, OUT_REVERSE 8, ATOP 9, ATOP_REVERSE 10,
 * XOR 11, ADD 12, SATURATE 13. Each is {@code result = src * Fa + dst * Fb} per channel on premultiplied
 * pixels, with Fa and Fb taken from the alphas; channels saturate at 255. Other codes (disjoint,
 * conjoint and the PDF blend modes, which X drivers do not route to QXL's composite) are drawn as OVER.
 */
final class CompositeOp {
    static final int CLEAR = 0;
    static final int SRC = 1;
    static final int DST = 2;
    static final int OVER = 3;
    static final int ADD = 12;
    static final int SATURATE = 13;

    private CompositeOp() {
    }

    /**
     * Combines one channel: {@code s} the (masked) source channel, {@code sa} the source alpha seen by
     * that channel (per channel with component alpha), {@code d}/{@code da} the destination.
     */
    static int channel(int op, int s, int sa, int d, int da) {
        int fa;
        int fb;
        switch (op) {
            case CLEAR -> { fa = 0; fb = 0; }
            case SRC -> { fa = 255; fb = 0; }
            case DST -> { fa = 0; fb = 255; }
            case 4 -> { fa = 255 - da; fb = 255; }
            case 5 -> { fa = da; fb = 0; }
            case 6 -> { fa = 0; fb = sa; }
            case 7 -> { fa = 255 - da; fb = 0; }
            case 8 -> { fa = 0; fb = 255 - sa; }
            case 9 -> { fa = da; fb = 255 - sa; }
            case 10 -> { fa = 255 - da; fb = sa; }
            case 11 -> { fa = 255 - da; fb = 255 - sa; }
            case ADD -> { fa = 255; fb = 255; }
            case SATURATE -> {
                // Fa = min(1, (1 - da) / sa)
                fa = sa == 0 ? 255 : Math.min(255, (255 - da) * 255 / sa);
                fb = 255;
            }
            default -> { fa = 255; fb = 255 - sa; }
        }
        return Math.min(255, PixelMath.mul(s, fa) + PixelMath.mul(d, fb));
    }

    /**
     * Composites one pixel. {@code m} is the mask pixel (0xFF000000 for no mask); with {@code componentAlpha}
     * each of its channels masks the matching source channel, otherwise its alpha masks all four.
     */
    static int pixel(int op, int src, int m, boolean componentAlpha, int dst) {
        int sa = src >>> 24;
        int da = dst >>> 24;
        int ma = m >>> 24;
        int out = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int mc = componentAlpha && shift < 24 ? m >>> shift & 0xFF : ma;
            int s = PixelMath.mul(src >>> shift & 0xFF, mc);
            int channelAlpha = PixelMath.mul(sa, mc);
            out |= channel(op, s, channelAlpha, dst >>> shift & 0xFF, da) << shift;
        }
        return out;
    }
}
