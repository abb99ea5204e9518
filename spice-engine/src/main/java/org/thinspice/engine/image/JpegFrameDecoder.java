package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * One JPEG decoder instance, kept per MJPEG stream (tables of earlier frames stay known, as in the single
 * libjpeg decompressor spice-gtk keeps per stream) or per channel for still JPEG images. Not thread-safe.
 * Made by {@link JpegDecoders}: {@link JpegStreamDecoder} (pure Java, the oracle) or {@link TurboJpegDecoder}
 * (libjpeg-turbo through JNA).
 */
public interface JpegFrameDecoder extends AutoCloseable {
    /**
     * Decodes one JPEG image.
     *
     * @param expectedWidth  width the image must have, or -1 to accept any
     * @param expectedHeight height the image must have (ignored when {@code expectedWidth} is -1)
     * @return {@code width * height} pixels {@code 0xFFRRGGBB}, rows top-down
     * @throws SpiceImageException on malformed or unsupported data, a size over the limits or one that
     *                             disagrees with the expected size
     */
    JpegImage decode(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceImageException;

    /**
     * Decodes one JPEG image into {@code reuse} when it is large enough (an MJPEG stream decodes every frame
     * into the same array rather than allocating a frame-sized one each time), else into a new array. The
     * pixels are then valid only until the next call with the same array. The default allocates, as
     * {@link #decode}.
     */
    default JpegImage decodeReusing(byte[] data, int offset, int length, int expectedWidth, int expectedHeight,
                                    int[] reuse) throws SpiceImageException {
        return decode(data, offset, length, expectedWidth, expectedHeight);
    }

    /** Takes in the tables of a frame that will not be shown; malformed data is ignored. */
    void learnTables(byte[] data, int offset, int length);

    /** {@code java} or {@code turbojpeg}, for logs and statistics. */
    String kind();

    /** Frees native resources; a closed decoder must not be used again. */
    @Override
    void close();
}
