package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

/**
 * Decoder for SPICE image type QUIC (1): Red Hat's SFALIC-derived lossless coder. The stream is a header
 * of five little-endian 32-bit words (magic "QUIC", version 0, QUIC image type, width, height) followed by
 * the coded rows, top-down.
 *
 * <p>QUIC image types: GRAY 1 (one 8-bit channel), RGB16 2 (x555, three 5-bit channels), RGB24 3 and
 * RGB32 4 (three 8-bit channels), RGBA 5 (RGB32 plus an alpha channel coded after each row).
 */
public final class QuicDecoder {
    static final int MAGIC = 0x43495551;
    static final int VERSION = 0;
    static final int TYPE_GRAY = 1;
    static final int TYPE_RGB16 = 2;
    static final int TYPE_RGB24 = 3;
    static final int TYPE_RGB32 = 4;
    static final int TYPE_RGBA = 5;
    private static final int HEADER_BYTES = 20;

    private QuicDecoder() {
    }

    /**
     * Decodes a QUIC stream (the wire's {@code u32 size} prefix already removed).
     *
     * @param expectedWidth  width from the image descriptor; the stream must agree
     * @param expectedHeight height from the image descriptor; the stream must agree
     * @return {@code expectedWidth * expectedHeight} pixels, {@code 0xAARRGGBB}, rows top-down; alpha is
     *         0xFF except for RGBA streams
     * @throws SpiceImageException on a bad header, a size that disagrees or exceeds {@link Limits}, or a
     *                             truncated or corrupt stream
     */
    public static int[] decode(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceImageException {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw new SpiceImageException("QUIC slice out of range");
        }
        if (length < HEADER_BYTES) {
            throw new SpiceImageException("QUIC stream of " + length + " bytes is shorter than its header");
        }
        if (word(data, offset) != MAGIC) {
            throw new SpiceImageException("QUIC stream has bad magic");
        }
        int version = word(data, offset + 4);
        if (version != VERSION) {
            throw new SpiceImageException("QUIC version " + Integer.toUnsignedString(version) + " is not supported");
        }
        int type = word(data, offset + 8);
        int width = word(data, offset + 12);
        int height = word(data, offset + 16);
        if (width != expectedWidth || height != expectedHeight) {
            throw new SpiceImageException("QUIC stream is " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height) + " but the image is " + expectedWidth + "x" + expectedHeight);
        }
        int pixels;
        try {
            pixels = Limits.checkedPixels(width, height);
        } catch (SpiceProtocolException e) {
            throw new SpiceImageException("QUIC image too large: " + e.getMessage(), e);
        }
        if (type < TYPE_GRAY || type > TYPE_RGBA) {
            throw new SpiceImageException("QUIC image type " + Integer.toUnsignedString(type) + " is unknown");
        }
        QuicBitReader in = new QuicBitReader(data, offset + HEADER_BYTES, length - HEADER_BYTES);
        int[] out = new int[pixels];
        switch (type) {
            case TYPE_GRAY:
                decodeGray(in, width, height, out);
                break;
            case TYPE_RGB16:
                decodeRgb(in, QuicFamily.BPC5, width, height, out);
                break;
            case TYPE_RGB24:
            case TYPE_RGB32:
                decodeRgb(in, QuicFamily.BPC8, width, height, out);
                break;
            default: // TYPE_RGBA, the range was checked above
                decodeRgba(in, width, height, out);
                break;
        }
        return out;
    }

    private static void decodeRgb(QuicBitReader in, QuicFamily family, int width, int height, int[] out)
            throws SpiceImageException {
        QuicChannelGroup rgb = new QuicChannelGroup(in, family, 3, width);
        for (int y = 0; y < height; y++) {
            if (y == 0) {
                rgb.decodeFirstRow();
            } else {
                rgb.decodeNextRow();
            }
            if (family == QuicFamily.BPC5) {
                packRgb16(rgb.row(), out, y * width, width);
            } else {
                packRgb(rgb.row(), out, y * width, width);
            }
        }
    }

    private static void decodeRgba(QuicBitReader in, int width, int height, int[] out) throws SpiceImageException {
        QuicChannelGroup rgb = new QuicChannelGroup(in, QuicFamily.BPC8, 3, width);
        QuicChannelGroup alpha = new QuicChannelGroup(in, QuicFamily.BPC8, 1, width);
        for (int y = 0; y < height; y++) {
            if (y == 0) {
                rgb.decodeFirstRow();
                alpha.decodeFirstRow();
            } else {
                rgb.decodeNextRow();
                alpha.decodeNextRow();
            }
            int[] s = rgb.row();
            int[] a = alpha.row();
            for (int x = 0, o = y * width, k = 0; x < width; x++, k += 3) {
                out[o + x] = a[x] << 24 | s[k] << 16 | s[k + 1] << 8 | s[k + 2];
            }
        }
    }

    private static void decodeGray(QuicBitReader in, int width, int height, int[] out) throws SpiceImageException {
        QuicChannelGroup gray = new QuicChannelGroup(in, QuicFamily.BPC8, 1, width);
        for (int y = 0; y < height; y++) {
            if (y == 0) {
                gray.decodeFirstRow();
            } else {
                gray.decodeNextRow();
            }
            int[] s = gray.row();
            for (int x = 0, o = y * width; x < width; x++) {
                out[o + x] = 0xFF00_0000 | s[x] * 0x01_01_01;
            }
        }
    }

    private static void packRgb(int[] s, int[] out, int o, int width) {
        for (int x = 0, k = 0; x < width; x++, k += 3) {
            out[o + x] = 0xFF00_0000 | s[k] << 16 | s[k + 1] << 8 | s[k + 2];
        }
    }

    /** 5-bit channels widen by bit replication, as the codec conventions require. */
    private static void packRgb16(int[] s, int[] out, int o, int width) {
        for (int x = 0, k = 0; x < width; x++, k += 3) {
            out[o + x] = 0xFF00_0000 | widen5(s[k]) << 16 | widen5(s[k + 1]) << 8 | widen5(s[k + 2]);
        }
    }

    private static int widen5(int v) {
        return v << 3 | v >> 2;
    }

    private static int word(byte[] data, int at) {
        return (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8 | (data[at + 2] & 0xFF) << 16 | data[at + 3] << 24;
    }
}
