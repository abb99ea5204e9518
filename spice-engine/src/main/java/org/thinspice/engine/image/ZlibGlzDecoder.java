package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decoder for ZLIB_GLZ_RGB (107): {@code u32 glz_data_size, u32 data_size} (little-endian), then
 * {@code data_size} bytes of zlib (deflate with zlib header) whose output is a GLZ stream of exactly
 * {@code glz_data_size} bytes. The server uses it on low-bandwidth links.
 */
public final class ZlibGlzDecoder {
    /** Worst case of a GLZ stream per pixel: a 7-byte reference for every pixel, in each of two passes. */
    private static final int MAX_GLZ_BYTES_PER_PIXEL = 14;

    private ZlibGlzDecoder() {
    }

    /** Decodes the ZLIB_GLZ_RGB payload into top-down ARGB and adds the image to {@code window}. */
    public static int[] decode(byte[] data, int offset, int length, int expectedWidth, int expectedHeight,
                               GlzWindow window) throws SpiceProtocolException {
        int n = Limits.checkedPixels(expectedWidth, expectedHeight);
        LzFormat.checkSlice(data, offset, length);
        if (length < 8) {
            throw LzFormat.truncated("ZLIB_GLZ_RGB");
        }
        long glzSize = u32le(data, offset);
        long dataSize = u32le(data, offset + 4);
        if (dataSize > length - 8) {
            throw new SpiceImageException("ZLIB_GLZ_RGB data_size " + dataSize + " exceeds the " + (length - 8)
                    + " bytes present");
        }
        long cap = Math.min(GlzDecoder.HEADER_SIZE + (long) MAX_GLZ_BYTES_PER_PIXEL * n, Limits.MAX_MESSAGE_SIZE);
        if (glzSize < GlzDecoder.HEADER_SIZE || glzSize > cap) {
            throw new SpiceImageException("ZLIB_GLZ_RGB glz_data_size " + glzSize + " outside "
                    + GlzDecoder.HEADER_SIZE + ".." + cap + " for a " + expectedWidth + "x" + expectedHeight + " image");
        }
        byte[] glz = inflate(data, offset + 8, (int) dataSize, (int) glzSize);
        return GlzDecoder.decode(glz, 0, glz.length, expectedWidth, expectedHeight, window);
    }

    /**
     * The GLZ image id of a ZLIB_GLZ_RGB payload (u32 glz_data_size, u32 data_size, zlib data), inflating
     * only the GLZ header, for the non-blocking path (see {@link GlzDecoder#imageId}).
     */
    public static long imageId(byte[] data, int offset, int length) throws SpiceProtocolException {
        LzFormat.checkSlice(data, offset, length);
        if (length < 8) {
            throw LzFormat.truncated("ZLIB_GLZ_RGB");
        }
        long dataSize = u32le(data, offset + 4);
        if (dataSize > length - 8) {
            throw new SpiceImageException("ZLIB_GLZ_RGB data_size " + dataSize + " exceeds the " + (length - 8)
                    + " bytes present");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset + 8, (int) dataSize);
            byte[] head = new byte[GlzDecoder.HEADER_SIZE];
            int done = 0;
            while (done < head.length) {
                int k = inflater.inflate(head, done, head.length - done);
                done += k;
                if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            return GlzDecoder.imageId(head, 0, done);
        } catch (DataFormatException e) {
            throw new SpiceImageException("ZLIB_GLZ_RGB zlib data corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] inflate(byte[] data, int offset, int length, int size) throws SpiceImageException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, length);
            byte[] out = new byte[size];
            int done = 0;
            while (done < size) {
                int k = inflater.inflate(out, done, size - done);
                done += k;
                if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            if (done < size) {
                throw new SpiceImageException("ZLIB_GLZ_RGB inflated to " + done + " bytes, glz_data_size says " + size);
            }
            if (!inflater.finished()) {
                // the output is full; what is left must be the end of the stream (its checksum), nothing more
                if (inflater.inflate(new byte[1]) > 0) {
                    throw new SpiceImageException("ZLIB_GLZ_RGB inflates to more than glz_data_size " + size);
                }
                if (!inflater.finished()) {
                    throw new SpiceImageException("ZLIB_GLZ_RGB zlib stream incomplete");
                }
            }
            return out;
        } catch (DataFormatException e) {
            throw new SpiceImageException("ZLIB_GLZ_RGB zlib data corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static long u32le(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }
}
