package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Decoder for SPICE image type JPEG (105) and the JPEG part of JPEG_ALPHA (108): a JFIF stream, decoded
 * the way spice-gtk's still-image decoder (src/decode-jpeg.c) has libjpeg decode it — accurate integer
 * IDCT ("islow") and fancy (triangle-filter) chroma upsampling, libjpeg's defaults. For MJPEG video streams,
 * whose frames may rely on tables of earlier frames, keep a {@link JpegStreamDecoder} per stream.
 */
public final class JpegDecoder {
    private JpegDecoder() {
    }

    /** Decodes a JPEG of whatever size it declares (within {@link org.thinspice.engine.Limits}). */
    public static JpegImage decode(byte[] data, int offset, int length) throws SpiceImageException {
        return new JpegStreamDecoder(true).decode(data, offset, length, -1, -1);
    }

    /**
     * Decodes a JPEG that must be {@code expectedWidth x expectedHeight} (the image descriptor's size).
     *
     * @return {@code expectedWidth * expectedHeight} pixels, {@code 0xFFRRGGBB}, rows top-down
     */
    public static int[] decodeInto(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceImageException {
        if (expectedWidth < 0 || expectedHeight < 0) {
            throw new SpiceImageException("JPEG expected size " + expectedWidth + "x" + expectedHeight + " is invalid");
        }
        return new JpegStreamDecoder(true).decode(data, offset, length, expectedWidth, expectedHeight).argb();
    }
}
