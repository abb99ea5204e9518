package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small bounded reader/writer for binary PPM ({@code P6}, maxval 255), the format QEMU's
 * {@code screendump} writes. Malformed or oversized input gives {@link PpmFormatException}.
 */
public final class Ppm {
    /** Largest width or height accepted. */
    public static final int MAX_SIDE = 16384;
    /** Largest pixel count accepted (64 Mi). */
    public static final long MAX_PIXELS = 64L * 1024 * 1024;

    private Ppm() {
    }

    /** Reads a P6 file. */
    public static Picture read(Path file) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Parses P6 bytes (header: magic, width, height, maxval 255, comments allowed; then RGB triplets). */
    public static Picture parse(byte[] data) throws PpmFormatException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Encodes a picture as P6 bytes (for debugging dumps next to a failing test). */
    public static byte[] encode(Picture picture) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Writes a picture as a P6 file. */
    public static void write(Picture picture, Path file) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }
}
