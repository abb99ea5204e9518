package org.thinspice.engine.video;

import java.nio.IntBuffer;

/**
 * One decoded stream frame: {@code width * height} pixels {@code 0xFFRRGGBB} from index 0, rows top-down. The
 * buffer belongs to its decoder and is valid until the decoder's next call ({@link StreamDecoder#decode}): a Java
 * array, or the native memory TurboJPEG decoded into (drawn from there, not copied out first).
 */
public record VideoFrame(int width, int height, IntBuffer pixels) {
    public static VideoFrame of(int width, int height, int[] argb) {
        return new VideoFrame(width, height, IntBuffer.wrap(argb));
    }
}
