package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

/**
 * Decoder for SPICE LZ streams (image types LZ_RGB 101 and LZ_PLT 100, and the alpha plane of
 * JPEG_ALPHA 108): a pixel-level LZ77 derived from FastLZ, with a 28-byte header of big-endian words
 * {@code magic "LZ  ", version 1.1, type, width, height, stride, top_down}.
 *
 * <p>The methods take the LZ stream itself; {@link #decodeLzRgbPayload} also accepts the LZ_RGB wire
 * payload ({@code u32 size} + stream). Results follow the package conventions: top-down ARGB.
 */
public final class LzDecoder {
    static final int HEADER_SIZE = 28;

    private LzDecoder() {
    }

    /** The LZ_RGB payload as the wire carries it: {@code u32 size} (little-endian), then the LZ stream. */
    public static int[] decodeLzRgbPayload(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceProtocolException {
        LzFormat.checkSlice(data, offset, length);
        if (length < 4) {
            throw LzFormat.truncated("LZ_RGB");
        }
        long size = (data[offset] & 0xFFL) | (data[offset + 1] & 0xFFL) << 8 | (data[offset + 2] & 0xFFL) << 16
                | (data[offset + 3] & 0xFFL) << 24;
        if (size > length - 4) {
            throw new SpiceImageException("LZ_RGB size " + size + " exceeds the " + (length - 4) + " bytes present");
        }
        return decodeRgb(data, offset + 4, (int) size, expectedWidth, expectedHeight);
    }

    /**
     * Decodes an LZ stream of type RGB16, RGB24, RGB32, RGBA or A8 (A8 gives alpha-only pixels with black
     * RGB). The header's size must equal the expected size (the image descriptor's).
     */
    public static int[] decodeRgb(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceProtocolException {
        int n = Limits.checkedPixels(expectedWidth, expectedHeight);
        LzFormat.checkSlice(data, offset, length);
        LzStream s = new LzStream(data, offset, offset + length);
        LzHeader h = LzHeader.read(s, expectedWidth, expectedHeight);
        int[] out = new int[n];
        switch (h.type) {
            case LzFormat.RGB16:
                s.rgbPass(out, n, true);
                break;
            case LzFormat.RGB24:
            case LzFormat.RGB32:
                s.rgbPass(out, n, false);
                break;
            case LzFormat.RGBA:
                s.rgbPass(out, n, false);
                s.alphaPass(out, n);
                break;
            case LzFormat.A8:
                byte[] alpha = new byte[n];
                s.bytePass(alpha, n);
                for (int i = 0; i < n; i++) {
                    out[i] = alpha[i] << 24;
                }
                break;
            default:
                throw new SpiceImageException("LZ type " + LzFormat.name(h.type) + " is not an RGB type");
        }
        if (!h.topDown) {
            LzFormat.flipRows(out, expectedWidth, expectedHeight);
        }
        return out;
    }

    /**
     * Decodes an LZ stream of a palette type (PLT1_LE/BE, PLT4_LE/BE, PLT8) through {@code palette}
     * (entries as the wire carries them, xRGB; the result is opaque). An index past the palette's end
     * is an error. RGB-typed streams are accepted too and decoded as by {@link #decodeRgb}.
     */
    public static int[] decodePalette(byte[] data, int offset, int length, int expectedWidth, int expectedHeight,
                                      int[] palette) throws SpiceProtocolException {
        int n = Limits.checkedPixels(expectedWidth, expectedHeight);
        LzFormat.checkSlice(data, offset, length);
        LzStream s = new LzStream(data, offset, offset + length);
        LzHeader h = LzHeader.read(s, expectedWidth, expectedHeight);
        if (!LzFormat.isPalette(h.type)) {
            return decodeRgb(data, offset, length, expectedWidth, expectedHeight);
        }
        if (palette == null) {
            throw new SpiceImageException("LZ palette image without a palette");
        }
        // stride * height <= (width + 7) * height bytes, already bounded by checkedPixels
        byte[] indices = new byte[h.stride * expectedHeight];
        s.bytePass(indices, indices.length);
        int[] out = new int[n];
        for (int row = 0; row < expectedHeight; row++) {
            int dstRow = h.topDown ? row : expectedHeight - 1 - row;
            LzPalette.expandRow(h.type, indices, row * h.stride, out, dstRow * expectedWidth, expectedWidth, palette);
        }
        return out;
    }

    /**
     * Decodes an XXXA stream (alpha only, as JPEG_ALPHA carries it) into the alpha byte of {@code argb},
     * a top-down {@code width * height} image whose RGB is kept.
     */
    public static void decodeAlphaInto(byte[] data, int offset, int length, int expectedWidth, int expectedHeight,
                                       int[] argb) throws SpiceProtocolException {
        int n = Limits.checkedPixels(expectedWidth, expectedHeight);
        LzFormat.checkSlice(data, offset, length);
        if (argb == null || argb.length != n) {
            throw new SpiceImageException("alpha target is not a " + expectedWidth + "x" + expectedHeight + " image");
        }
        LzStream s = new LzStream(data, offset, offset + length);
        LzHeader h = LzHeader.read(s, expectedWidth, expectedHeight);
        if (h.type != LzFormat.XXXA) {
            throw new SpiceImageException("LZ alpha plane of type " + LzFormat.name(h.type) + ", expected XXXA");
        }
        // the pass works in stream row order; bring a bottom-up plane's rows into that order and back
        if (!h.topDown) {
            LzFormat.flipRows(argb, expectedWidth, expectedHeight);
        }
        try {
            s.alphaPass(argb, n);
        } finally {
            if (!h.topDown) {
                LzFormat.flipRows(argb, expectedWidth, expectedHeight);
            }
        }
    }
}
