package org.thinspice.engine.display;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.wire.WireReader;

/**
 * A TEXT's String: u16 length, u8 flags (RASTER_A1 1, RASTER_A4 2, RASTER_A8 4, RASTER_TOP_DOWN 8), then
 * length raster glyphs {Point render_pos, Point glyph_origin, u16 width, u16 height, bits} inline. Glyph
 * bits are rows of ((bpp * width + 7) / 8) bytes, leftmost pixel in the high bits, bottom row first
 * unless TOP_DOWN. Rendered into an 8-bit coverage mask as spice-common does: overlapping glyphs take
 * the maximum, an A4 nibble n gives coverage n << 4 (so full is 0xF0), A1 gives 0 or 0xFF.
 */
final class GlyphString {
    static final int RASTER_A1 = 1;
    static final int RASTER_A4 = 2;
    static final int RASTER_A8 = 4;
    static final int RASTER_TOP_DOWN = 8;

    private GlyphString() {
    }

    /** Coverage of the string over {@code area} (row-major, area-sized), or null for a vector string. */
    static byte[] render(WireReader r, Rect area) throws SpiceException {
        int length = r.u16();
        int flags = r.u8();
        int bpp;
        if ((flags & RASTER_A1) != 0) {
            bpp = 1;
        } else if ((flags & RASTER_A4) != 0) {
            bpp = 4;
        } else if ((flags & RASTER_A8) != 0) {
            bpp = 8;
        } else {
            return null; // vector glyphs: spice-common does not draw them either
        }
        boolean topDown = (flags & RASTER_TOP_DOWN) != 0;
        int aw = area.width();
        byte[] mask = new byte[aw * area.height()];
        for (int g = 0; g < length; g++) {
            long renderX = r.i32();
            long renderY = r.i32();
            long left = renderX + r.i32();
            long top = renderY + r.i32();
            int w = r.u16();
            int h = r.u16();
            int stride = (bpp * w + 7) / 8;
            WireReader bits = r.slice((long) stride * h);
            put(mask, area, bits, left, top, w, h, stride, bpp, topDown);
        }
        return mask;
    }

    /** ORs (by maximum) one glyph's coverage into the part of the mask it overlaps. */
    private static void put(byte[] mask, Rect area, WireReader bits, long left, long top, int w, int h, int stride,
                            int bpp, boolean topDown) {
        long x0 = Math.max(left, area.left());
        long x1 = Math.min(left + w, area.right());
        long y0 = Math.max(top, area.top());
        long y1 = Math.min(top + h, area.bottom());
        byte[] b = bits.array();
        int base = bits.arrayOffset();
        int aw = area.width();
        for (long y = y0; y < y1; y++) {
            int row = (int) (y - top);
            int srcRow = base + (topDown ? row : h - 1 - row) * stride;
            int out = (int) ((y - area.top()) * aw - area.left());
            for (long x = x0; x < x1; x++) {
                int col = (int) (x - left);
                int v = coverage(b, srcRow, col, bpp);
                int i = out + (int) x;
                if (v > (mask[i] & 0xFF)) {
                    mask[i] = (byte) v;
                }
            }
        }
    }

    private static int coverage(byte[] b, int row, int col, int bpp) {
        switch (bpp) {
            case 1:
                return (b[row + (col >> 3)] >> (7 - (col & 7)) & 1) != 0 ? 0xFF : 0;
            case 4: {
                int v = b[row + (col >> 1)] & 0xFF;
                return (col & 1) == 0 ? v & 0xF0 : (v << 4) & 0xF0;
            }
            default:
                return b[row + col] & 0xFF;
        }
    }
}
