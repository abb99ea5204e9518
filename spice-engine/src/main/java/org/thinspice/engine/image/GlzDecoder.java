package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

/**
 * Decoder for GLZ_RGB (102) streams: LZ with a dictionary spanning earlier images, held by a session-wide
 * {@link GlzWindow}. The 33-byte big-endian header: magic "LZ  ", version 1.1, u8 type (low 4 bits) with
 * the top-down flag in bit 4, width, height, stride, u64 image id, u32 win_head_dist.
 *
 * <p>Every GLZ image the server sends must be decoded, in each channel's order, even when its draw is
 * clipped away or its surface is gone: later images may reference it. The decoded image is added to the
 * window before this returns.
 */
public final class GlzDecoder {
    static final int HEADER_SIZE = 33;

    private GlzDecoder() {
    }

    /**
     * The image id in a GLZ stream's header, read without decoding, for the non-blocking path:
     * decode once {@link GlzWindow#isReadyFor} this id.
     */
    public static long imageId(byte[] data, int offset, int length) throws SpiceImageException {
        LzFormat.checkSlice(data, offset, length);
        if (length < HEADER_SIZE) {
            throw LzFormat.truncated("GLZ");
        }
        return readId(data, offset + 21);
    }

    /** The GLZ_RGB payload as the wire carries it: {@code u32 size} (little-endian), then the GLZ stream. */
    public static int[] decodeGlzRgbPayload(byte[] data, int offset, int length, int expectedWidth, int expectedHeight,
                                            GlzWindow window) throws SpiceProtocolException {
        LzFormat.checkSlice(data, offset, length);
        if (length < 4) {
            throw LzFormat.truncated("GLZ_RGB");
        }
        long size = (data[offset] & 0xFFL) | (data[offset + 1] & 0xFFL) << 8 | (data[offset + 2] & 0xFFL) << 16
                | (data[offset + 3] & 0xFFL) << 24;
        if (size > length - 4) {
            throw new SpiceImageException("GLZ_RGB size " + size + " exceeds the " + (length - 4) + " bytes present");
        }
        return decode(data, offset + 4, (int) size, expectedWidth, expectedHeight, window);
    }

    /**
     * Decodes one GLZ stream (types RGB16, RGB24, RGB32, RGBA) and adds it to {@code window}. A reference
     * to an image not yet in the window waits up to the window's reference wait.
     *
     * @return top-down ARGB pixels, a fresh array the caller owns
     */
    public static int[] decode(byte[] data, int offset, int length, int expectedWidth, int expectedHeight,
                               GlzWindow window) throws SpiceProtocolException {
        int n = Limits.checkedPixels(expectedWidth, expectedHeight);
        LzFormat.checkSlice(data, offset, length);
        if (length < HEADER_SIZE) {
            throw LzFormat.truncated("GLZ");
        }
        int p = offset;
        int magic = LzFormat.u32be(data, p);
        if (magic != LzFormat.MAGIC) {
            throw new SpiceImageException(String.format("bad GLZ magic 0x%08x", magic));
        }
        int version = LzFormat.u32be(data, p + 4);
        if (version != LzFormat.VERSION) {
            throw new SpiceImageException(String.format("unsupported GLZ version 0x%08x", version));
        }
        int typeByte = data[p + 8] & 0xFF;
        int type = typeByte & 0x0F;
        boolean topDown = (typeByte >> 4) != 0;
        int width = LzFormat.u32be(data, p + 9);
        int height = LzFormat.u32be(data, p + 13);
        int stride = LzFormat.u32be(data, p + 17);
        long id = readId(data, p + 21);
        long winHeadDist = LzFormat.u32be(data, p + 29) & 0xFFFFFFFFL;
        if (type < LzFormat.RGB16 || type > LzFormat.RGBA) {
            // palette GLZ would need a palette the GLZ_RGB payload does not carry
            throw new SpiceImageException("GLZ image type " + LzFormat.name(type) + " not supported in GLZ_RGB");
        }
        if (width != expectedWidth || height != expectedHeight) {
            throw new SpiceImageException("GLZ header size " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height) + " differs from the image's " + expectedWidth + "x" + expectedHeight);
        }
        LzHeader.checkStride(type, width, stride, "GLZ");
        if (id < 0) {
            throw new SpiceImageException("GLZ image id " + Long.toUnsignedString(id) + " out of range");
        }

        int[] px = new int[n];
        GlzStream s = new GlzStream(data, p + HEADER_SIZE, offset + length, window, id);
        s.rgbPass(px, n, type == LzFormat.RGB16);
        if (type == LzFormat.RGBA) {
            s.alphaPass(px, n);
        }
        window.add(new GlzImage(id, winHeadDist, px, type != LzFormat.RGBA));

        // the window keeps px in stream order; the caller gets its own top-down copy
        if (topDown) {
            return px.clone();
        }
        int[] out = new int[n];
        for (int row = 0; row < height; row++) {
            System.arraycopy(px, row * width, out, (height - 1 - row) * width, width);
        }
        return out;
    }

    private static long readId(byte[] data, int p) {
        return (LzFormat.u32be(data, p) & 0xFFFFFFFFL) << 32 | LzFormat.u32be(data, p + 4) & 0xFFFFFFFFL;
    }
}
