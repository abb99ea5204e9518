package org.thinspice.engine.video;

import org.thinspice.engine.SpiceImageException;

/**
 * The decoder of one video stream, made by {@link VideoDecoders}; used on the display channel's event loop,
 * one frame at a time, in wire order. Not thread-safe.
 */
public interface StreamDecoder extends AutoCloseable {
    /**
     * Decodes a frame that will be shown. The frame's pixel array may be the one the previous call returned,
     * decoded into again: it is valid until the next call (the stream manager draws a frame before it decodes the
     * next).
     *
     * @throws SpiceImageException the frame cannot be decoded; {@link StreamBrokenException} when the stream
     *                             as a whole cannot go on (its decoder failed)
     */
    VideoFrame decode(byte[] data, int width, int height) throws SpiceImageException;

    /**
     * Takes in a frame that will not be shown (late, or pushed out of a full queue): JPEG keeps its tables,
     * an inter-frame codec must still decode it for the frames that refer to it. Never throws; a failure here
     * shows in the next {@link #decode}.
     */
    void skip(byte[] data);

    /** The decoder that runs, for logs and the diagnostics screen: {@code turbojpeg}, {@code java}, {@code vp8dec}… */
    String kind();

    /** Frees native resources; a closed decoder must not be used again. */
    @Override
    void close();
}
