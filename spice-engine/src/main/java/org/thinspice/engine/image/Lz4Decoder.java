package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import java.util.Objects;

/**
 * LZ4 images (type 109). The slice given is the {@code data_size} bytes that follow the image's u32
 * size: {@code u8 top_down, u8 bitmap format} (16BIT, 24BIT, 32BIT or RGBA), then one or more blocks
 * of {@code u32 big-endian compressed length, LZ4 block}. spice-server compresses the rows with one
 * LZ4 stream, so blocks are decoded back to back into a single buffer and a block may copy from what
 * earlier blocks produced (spice-common canvas_base.c {@code canvas_get_lz4}). The blocks must yield
 * exactly {@code height × width × bytes-per-pixel} bytes: unpadded rows, bottom-up unless top_down.
 */
public final class Lz4Decoder {
    /** LZ4 cannot expand one input byte into more than 255 output bytes; the slack covers block overhead. */
    private static final long MAX_EXPANSION = 256;
    private static final int EXPANSION_SLACK = 1024;

    private Lz4Decoder() {
    }

    /**
     * @return {@code expectedWidth * expectedHeight} ARGB pixels, top row first
     * @throws SpiceImageException    when the stream is malformed, truncated or decodes to the wrong size
     * @throws SpiceProtocolException (LIMIT_EXCEEDED) when the dimensions exceed {@link Limits}
     */
    public static int[] decode(byte[] data, int off, int len, int expectedWidth, int expectedHeight)
            throws SpiceProtocolException {
        Objects.checkFromIndexSize(off, len, data.length);
        Limits.checkedPixels(expectedWidth, expectedHeight);
        if (len < 2) {
            throw new SpiceImageException("LZ4 image of " + len + " bytes has no header");
        }
        boolean topDown = data[off] != 0;
        int format = data[off + 1] & 0xFF;
        int bytesPerPixel = bytesPerPixel(format);
        int stride = expectedWidth * bytesPerPixel;
        long size = (long) stride * expectedHeight;
        if (size > MAX_EXPANSION * len + EXPANSION_SLACK) {
            throw new SpiceImageException("LZ4 image of " + len + " bytes cannot hold " + size + " bytes of pixels");
        }
        byte[] pixels = new byte[(int) size];
        int decoded = decodeBlocks(data, off + 2, off + len, pixels);
        if (decoded != size) {
            throw new SpiceImageException("LZ4 image decoded to " + decoded + " bytes, " + expectedWidth + "x"
                    + expectedHeight + " needs " + size);
        }
        return BitmapDecoder.decode(format, topDown, expectedWidth, expectedHeight, stride, pixels, 0, pixels.length, null);
    }

    private static int bytesPerPixel(int format) throws SpiceImageException {
        if (format == BitmapFormat.SIXTEEN_BIT.code()) {
            return 2;
        } else if (format == BitmapFormat.TWENTY_FOUR_BIT.code()) {
            return 3;
        } else if (format == BitmapFormat.THIRTY_TWO_BIT.code() || format == BitmapFormat.RGBA.code()) {
            return 4;
        }
        throw new SpiceImageException("LZ4 image with unsupported bitmap format " + format);
    }

    /** Decodes every {length, block} pair in {@code data[p, end)}; returns the bytes produced. */
    private static int decodeBlocks(byte[] data, int p, int end, byte[] out) throws SpiceImageException {
        int produced = 0;
        do {
            if (end - p < 4) {
                throw new SpiceImageException("LZ4 image truncated inside a block length");
            }
            long blockLen = (data[p] & 0xFFL) << 24 | (data[p + 1] & 0xFF) << 16 | (data[p + 2] & 0xFF) << 8
                    | (data[p + 3] & 0xFF);
            p += 4;
            if (blockLen == 0 || blockLen > end - p) {
                throw new SpiceImageException("LZ4 block of " + blockLen + " bytes, " + (end - p) + " left in the image");
            }
            int next = Lz4Block.decompress(data, p, (int) blockLen, out, produced, out.length);
            if (next == produced) {
                throw new SpiceImageException("LZ4 block decoded to nothing");
            }
            produced = next;
            p += (int) blockLen;
        } while (p < end);
        return produced;
    }
}
