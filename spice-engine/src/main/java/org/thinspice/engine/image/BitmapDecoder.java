package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Uncompressed SPICE bitmaps (image type BITMAP, and the pixel buffer LZ4 images decode to) to ARGB.
 *
 * <p>Pixel layouts follow spice-common's software canvas on a little-endian host (pixman_utils.c
 * {@code spice_bitmap_to_pixman}, canvas_base.c {@code canvas_get_mask}):
 * <ul>
 *   <li>1BIT_BE: pixel 0 is bit 0x80 of the first byte; 1BIT_LE: pixel 0 is bit 0x01 (pixman a1
 *       order). Bit value 0 selects palette entry 0 (background), 1 selects entry 1 (foreground).</li>
 *   <li>4BIT_BE: pixel 0 is the high nibble; 4BIT_LE: pixel 0 is the low nibble (spice-common's canvas
 *       only implements BE; LE mirrors the 1-bit rule).</li>
 *   <li>8BIT: one index per byte. Indexed formats take their colours from the palette with alpha 0xFF
 *       (palettes are xRGB); an index past the palette's end is a malformed image.</li>
 *   <li>16BIT: u16 LE x1r5g5b5, each channel widened by bit replication.</li>
 *   <li>24BIT: B, G, R bytes. 32BIT: B, G, R, x (alpha forced to 0xFF). RGBA: B, G, R, A kept.</li>
 *   <li>8BIT_A: one alpha byte per pixel, colour 0 (pixman a8).</li>
 * </ul>
 * Rows are stored bottom-up unless {@code topDown}; the result is always top-down.
 */
public final class BitmapDecoder {
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int OPAQUE = 0xFF000000;

    private BitmapDecoder() {
    }

    /**
     * Decodes {@code height} rows of {@code stride} bytes from {@code data[off, off+len)}.
     *
     * @param format  SPICE_BITMAP_FMT_* code (1..10)
     * @param palette colours for the indexed formats (1..256 entries), ignored otherwise
     * @return {@code width * height} ARGB pixels, top row first
     * @throws SpiceImageException     on a bad format, short data, short stride or palette problems
     * @throws SpiceProtocolException  (LIMIT_EXCEEDED) when the dimensions exceed {@link Limits}
     */
    public static int[] decode(int format, boolean topDown, int width, int height, int stride,
                               byte[] data, int off, int len, int[] palette) throws SpiceProtocolException {
        Objects.checkFromIndexSize(off, len, data.length);
        int pixels = Limits.checkedPixels(width, height);
        BitmapFormat fmt = BitmapFormat.fromCode(format);
        long rowBytes = fmt.rowBytes(width);
        if (stride < rowBytes) {
            throw new SpiceImageException("stride " + stride + " is shorter than a row of " + rowBytes + " bytes ("
                    + width + " px " + fmt + ")");
        }
        if ((long) stride * height > len) {
            throw new SpiceImageException("bitmap of " + height + " rows x " + stride + " bytes needs "
                    + (long) stride * height + " bytes, has " + len);
        }
        if (fmt.palettised()) {
            checkPalette(fmt, palette);
        }
        int[] out = new int[pixels];
        for (int y = 0; y < height; y++) {
            int src = off + (topDown ? y : height - 1 - y) * stride;
            decodeRow(fmt, data, src, out, y * width, width, palette);
        }
        return out;
    }

    private static void checkPalette(BitmapFormat fmt, int[] palette) throws SpiceImageException {
        if (palette == null || palette.length == 0) {
            throw new SpiceImageException(fmt + " bitmap without a palette");
        }
        if (palette.length > Limits.MAX_PALETTE_ENTRIES) {
            throw new SpiceImageException("palette of " + palette.length + " entries exceeds " + Limits.MAX_PALETTE_ENTRIES);
        }
    }

    private static void decodeRow(BitmapFormat fmt, byte[] d, int src, int[] out, int dst, int width, int[] pal)
            throws SpiceImageException {
        switch (fmt) {
            case ONE_BIT_LE -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = colour(pal, (d[src + (x >> 3)] >> (x & 7)) & 1);
                }
            }
            case ONE_BIT_BE -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = colour(pal, (d[src + (x >> 3)] >> (7 - (x & 7))) & 1);
                }
            }
            case FOUR_BIT_LE -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = colour(pal, (d[src + (x >> 1)] >> ((x & 1) << 2)) & 0x0F);
                }
            }
            case FOUR_BIT_BE -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = colour(pal, (d[src + (x >> 1)] >> ((~x & 1) << 2)) & 0x0F);
                }
            }
            case EIGHT_BIT -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = colour(pal, d[src + x] & 0xFF);
                }
            }
            case SIXTEEN_BIT -> {
                for (int x = 0; x < width; x++) {
                    int p = src + 2 * x;
                    out[dst + x] = x555ToArgb((d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8);
                }
            }
            case TWENTY_FOUR_BIT -> {
                for (int x = 0; x < width; x++) {
                    int p = src + 3 * x;
                    out[dst + x] = OPAQUE | (d[p + 2] & 0xFF) << 16 | (d[p + 1] & 0xFF) << 8 | (d[p] & 0xFF);
                }
            }
            case THIRTY_TWO_BIT -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = OPAQUE | (int) INT_LE.get(d, src + 4 * x);
                }
            }
            case RGBA -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = (int) INT_LE.get(d, src + 4 * x);
                }
            }
            case EIGHT_BIT_A -> {
                for (int x = 0; x < width; x++) {
                    out[dst + x] = (d[src + x] & 0xFF) << 24;
                }
            }
        }
    }

    private static int colour(int[] pal, int index) throws SpiceImageException {
        if (index >= pal.length) {
            throw new SpiceImageException("palette index " + index + " outside a palette of " + pal.length + " entries");
        }
        return OPAQUE | pal[index];
    }

    /** x1r5g5b5 to opaque ARGB, widening each 5-bit channel as {@code (v << 3) | (v >> 2)}. */
    static int x555ToArgb(int v) {
        int r = (v >> 10) & 0x1F;
        int g = (v >> 5) & 0x1F;
        int b = v & 0x1F;
        return OPAQUE | ((r << 3) | (r >> 2)) << 16 | ((g << 3) | (g >> 2)) << 8 | ((b << 3) | (b >> 2));
    }
}
