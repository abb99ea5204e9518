package org.thinspice.engine.cursor;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireReader;

/**
 * Turns the pixel data of a SPICE cursor into ARGB (sans-I/O). Types: ALPHA 0 (w*h u32 ARGB), MONO 1
 * (AND mask then XOR mask), COLOR4 2 (4-bit indices, 16 u32 palette, AND mask), COLOR8 3 (8-bit indices,
 * 256 u32 palette, AND mask), COLOR16 4 (x555 u16, AND mask), COLOR24 5 (B, G, R bytes, AND mask),
 * COLOR32 6 (xRGB u32, AND mask). Pixel rows are packed; 1-bit masks have rows of (w + 7) / 8 bytes,
 * leftmost pixel in the high bit.
 *
 * <p>AND/XOR semantics cannot be shown by a toolkit cursor, so, like spice-gtk: a masked pixel is
 * transparent, except "invert the screen" pixels, which MONO shows white with a black outline (when its
 * AND mask is all ones) and the colour types show as a dark/light checker.
 */
public final class CursorDecoder {
    public static final int ALPHA = 0;
    public static final int MONO = 1;
    public static final int COLOR4 = 2;
    public static final int COLOR8 = 3;
    public static final int COLOR16 = 4;
    public static final int COLOR24 = 5;
    public static final int COLOR32 = 6;
    private static final int OPAQUE = 0xFF000000;
    private static final int WHITE = 0xFFFFFF;

    private CursorDecoder() {
    }

    /** Decodes {@code width x height} pixels of {@code type} from {@code r} (the rest of the message). */
    public static int[] decode(int type, int width, int height, WireReader r) throws SpiceProtocolException {
        if (width < 1 || height < 1 || width > Limits.MAX_CURSOR_DIMENSION || height > Limits.MAX_CURSOR_DIMENSION) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED, "cursor of " + width + "x" + height
                    + " outside 1.." + Limits.MAX_CURSOR_DIMENSION);
        }
        int n = width * height;
        int maskStride = (width + 7) / 8;
        switch (type) {
            case ALPHA: {
                need(r, 4L * n);
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = r.i32();
                }
                return out;
            }
            case MONO:
                need(r, 2L * maskStride * height);
                return mono(r.bytes((long) maskStride * height), r.bytes((long) maskStride * height), width, height);
            case COLOR4:
                return indexed(r, width, height, 4, 16);
            case COLOR8:
                return indexed(r, width, height, 8, 256);
            case COLOR16: {
                need(r, 2L * n + (long) maskStride * height);
                int[] colors = new int[n];
                for (int i = 0; i < n; i++) {
                    int p = r.u16();
                    colors[i] = (p & 0x7C00) << 9 | (p & 0x03E0) << 6 | (p & 0x001F) << 3;
                }
                return masked(colors, r, width, height);
            }
            case COLOR24: {
                need(r, 3L * n + (long) maskStride * height);
                int[] colors = new int[n];
                for (int i = 0; i < n; i++) {
                    colors[i] = r.u8() | r.u8() << 8 | r.u8() << 16;
                }
                return masked(colors, r, width, height);
            }
            case COLOR32: {
                need(r, 4L * n + (long) maskStride * height);
                int[] colors = new int[n];
                for (int i = 0; i < n; i++) {
                    colors[i] = r.i32() & WHITE;
                }
                return masked(colors, r, width, height);
            }
            default:
                throw new SpiceProtocolException("unknown cursor type " + type);
        }
    }

    private static void need(WireReader r, long bytes) throws SpiceProtocolException {
        if (bytes > r.remaining()) {
            throw new SpiceProtocolException("cursor data truncated: " + r.remaining() + " of " + bytes + " bytes");
        }
    }

    private static int[] indexed(WireReader r, int width, int height, int bits, int entries) throws SpiceProtocolException {
        int stride = (width * bits + 7) / 8;
        need(r, (long) stride * height + 4L * entries + (long) ((width + 7) / 8) * height);
        byte[] idx = r.bytes((long) stride * height);
        int[] palette = new int[entries];
        for (int i = 0; i < entries; i++) {
            palette[i] = r.i32() & WHITE;
        }
        int[] colors = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v;
                if (bits == 4) {
                    int b = idx[y * stride + x / 2] & 0xFF;
                    v = (x & 1) == 0 ? b >> 4 : b & 0x0F;
                } else {
                    v = idx[y * stride + x] & 0xFF;
                }
                colors[y * width + x] = palette[v];
            }
        }
        return masked(colors, r, width, height);
    }

    /** Applies the AND mask after the colours: set bit = transparent, or the checker for white (invert). */
    private static int[] masked(int[] colors, WireReader r, int width, int height) throws SpiceProtocolException {
        int stride = (width + 7) / 8;
        byte[] and = r.bytes((long) stride * height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (bit(and, stride, x, y)) {
                    colors[i] = colors[i] == WHITE ? checker(x, y) : 0;
                } else {
                    colors[i] |= OPAQUE;
                }
            }
        }
        return colors;
    }

    /** spice-gtk's stand-in for inverted pixels: alternating translucent dark and light grey. */
    static int checker(int x, int y) {
        return ((x ^ y) & 1) != 0 ? 0xC0303030 : 0x30505050;
    }

    private static boolean bit(byte[] plane, int stride, int x, int y) {
        return (plane[y * stride + (x >> 3)] & (0x80 >> (x & 7))) != 0;
    }

    /**
     * AND 0 / XOR 0 black, AND 0 / XOR 1 white, AND 1 / XOR 0 transparent, AND 1 / XOR 1 (invert) white;
     * when the AND mask is all ones (a pure XOR cursor, e.g. the text I-beam) the transparent pixels
     * touching a set XOR pixel turn black so the white shape shows on light backgrounds too.
     */
    private static int[] mono(byte[] and, byte[] xor, int width, int height) {
        int stride = (width + 7) / 8;
        boolean allOnes = true;
        for (int y = 0; y < height && allOnes; y++) {
            for (int x = 0; x < width; x++) {
                if (!bit(and, stride, x, y)) {
                    allOnes = false;
                    break;
                }
            }
        }
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean a = bit(and, stride, x, y);
                boolean o = bit(xor, stride, x, y);
                int v;
                if (o) {
                    v = 0xFFFFFFFF;
                } else if (!a) {
                    v = OPAQUE;
                } else {
                    v = allOnes && touchesSet(xor, stride, x, y, width, height) ? OPAQUE : 0;
                }
                out[y * width + x] = v;
            }
        }
        return out;
    }

    private static boolean touchesSet(byte[] xor, int stride, int x, int y, int width, int height) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < width && ny < height && bit(xor, stride, nx, ny)) {
                    return true;
                }
            }
        }
        return false;
    }
}
