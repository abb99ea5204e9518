package org.thinspice.engine.display;

/**
 * 8-bit compositing arithmetic on premultiplied {@code 0xAARRGGBB} pixels, rounded as pixman rounds
 * (spice-common's software canvas composites through pixman, so results match it to the bit).
 */
public final class PixelMath {
    private PixelMath() {
    }

    /** {@code a * b / 255}, rounded (pixman's MUL_UN8). */
    public static int mul(int a, int b) {
        int t = a * b + 0x80;
        return (t + (t >> 8)) >> 8;
    }

    /** Each channel of {@code argb} times {@code m / 255}. */
    public static int mulPixel(int argb, int m) {
        return mul(argb >>> 24, m) << 24 | mul(argb >> 16 & 0xFF, m) << 16 | mul(argb >> 8 & 0xFF, m) << 8
                | mul(argb & 0xFF, m);
    }

    /** Porter-Duff OVER: {@code s + d * (1 - alpha(s))}, channels saturating. */
    public static int over(int s, int d) {
        return combine(s, 255, d, 255 - (s >>> 24));
    }

    /** Per channel {@code min(255, s * fa / 255 + d * fb / 255)}. */
    public static int combine(int s, int fa, int d, int fb) {
        int out = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int v = mul(s >>> shift & 0xFF, fa) + mul(d >>> shift & 0xFF, fb);
            out |= Math.min(255, v) << shift;
        }
        return out;
    }
}
