package org.thinspice.engine.video;

import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.image.JpegFrameDecoder;
import org.thinspice.engine.image.JpegImage;
import org.thinspice.engine.image.TurboJpegDecoder;

/** An MJPEG stream: each frame one JPEG, decoded by TurboJPEG or the Java decoder ({@code JpegDecoders}). */
final class MjpegStreamDecoder implements StreamDecoder {
    private final JpegFrameDecoder jpeg;
    /**
     * The Java decoder's previous frame, decoded into again (TurboJPEG decodes into native memory of its own): the stream manager draws each frame before it asks for
     * the next, and a frame-sized array per frame (often over G1's humongous-object size) costs the JVM more
     * than the copy into it.
     */
    private int[] frame;

    MjpegStreamDecoder(JpegFrameDecoder jpeg) {
        this.jpeg = jpeg;
    }

    @Override
    public VideoFrame decode(byte[] data, int width, int height) throws SpiceImageException {
        if (jpeg instanceof TurboJpegDecoder turbo) {
            TurboJpegDecoder.View v = turbo.decodeView(data, 0, data.length, width, height);
            return new VideoFrame(v.width(), v.height(), v.pixels());
        }
        JpegImage image = jpeg.decodeReusing(data, 0, data.length, width, height, frame);
        frame = image.argb();
        return VideoFrame.of(image.width(), image.height(), image.argb());
    }

    @Override
    public void skip(byte[] data) {
        jpeg.learnTables(data, 0, data.length);
    }

    @Override
    public String kind() {
        return jpeg.kind();
    }

    @Override
    public void close() {
        jpeg.close();
    }
}
