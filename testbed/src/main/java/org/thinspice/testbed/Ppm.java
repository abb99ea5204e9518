package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final int MAX_DIGITS = 6;

    private Ppm() {
    }

    /** Reads a P6 file (the size is checked against the caps before the whole file is read). */
    public static Picture read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 32 + MAX_PIXELS * 3 + 4096) {
            throw new PpmFormatException(file + ": " + size + " bytes is larger than any allowed PPM");
        }
        return parse(Files.readAllBytes(file));
    }

    /** Parses P6 bytes (header: magic, width, height, maxval 255, {@code #} comments allowed; then RGB triplets). */
    public static Picture parse(byte[] data) throws PpmFormatException {
        Cursor c = new Cursor(data);
        if (data.length < 2 || data[0] != 'P' || data[1] != '6') {
            throw new PpmFormatException("not a binary PPM: magic must be P6");
        }
        c.pos = 2;
        int width = c.number("width");
        int height = c.number("height");
        int maxval = c.number("maxval");
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new PpmFormatException("size " + width + "x" + height + " outside 1.." + MAX_SIDE);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new PpmFormatException("size " + width + "x" + height + " exceeds " + MAX_PIXELS + " pixels");
        }
        if (maxval != 255) {
            throw new PpmFormatException("maxval " + maxval + " unsupported (only 255)");
        }
        if (c.pos >= data.length || !isSpace(data[c.pos])) {
            throw new PpmFormatException("missing whitespace after maxval");
        }
        int start = c.pos + 1;
        long need = (long) width * height * 3;
        if (data.length - start < need) {
            throw new PpmFormatException("truncated: " + (data.length - start) + " pixel bytes, need " + need);
        }
        int[] argb = new int[width * height];
        for (int i = 0, o = start; i < argb.length; i++, o += 3) {
            argb[i] = 0xFF000000 | (data[o] & 0xFF) << 16 | (data[o + 1] & 0xFF) << 8 | (data[o + 2] & 0xFF);
        }
        return new Picture(width, height, argb);
    }

    /** Encodes a picture as P6 bytes (for debugging dumps next to a failing test). */
    public static byte[] encode(Picture picture) {
        byte[] header = ("P6\n" + picture.width() + " " + picture.height() + "\n255\n")
                .getBytes(StandardCharsets.US_ASCII);
        int[] px = picture.pixels();
        byte[] out = new byte[header.length + px.length * 3];
        System.arraycopy(header, 0, out, 0, header.length);
        for (int i = 0, o = header.length; i < px.length; i++, o += 3) {
            out[o] = (byte) (px[i] >> 16);
            out[o + 1] = (byte) (px[i] >> 8);
            out[o + 2] = (byte) px[i];
        }
        return out;
    }

    /** Writes a picture as a P6 file. */
    public static void write(Picture picture, Path file) throws IOException {
        Files.write(file, encode(picture));
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0x0B || b == '\f';
    }

    private static final class Cursor {
        private final byte[] data;
        private int pos;

        Cursor(byte[] data) {
            this.data = data;
        }

        /** Skips whitespace and comments, then reads a decimal number of at most MAX_DIGITS digits. */
        int number(String what) throws PpmFormatException {
            boolean sawSpace = false;
            while (pos < data.length) {
                byte b = data[pos];
                if (isSpace(b)) {
                    sawSpace = true;
                    pos++;
                } else if (b == '#') {
                    while (pos < data.length && data[pos] != '\n' && data[pos] != '\r') {
                        pos++;
                    }
                } else {
                    break;
                }
            }
            if (!sawSpace) {
                throw new PpmFormatException("missing whitespace before " + what);
            }
            int value = 0;
            int digits = 0;
            while (pos < data.length && data[pos] >= '0' && data[pos] <= '9') {
                if (++digits > MAX_DIGITS) {
                    throw new PpmFormatException(what + " has too many digits");
                }
                value = value * 10 + (data[pos++] - '0');
            }
            if (digits == 0) {
                throw new PpmFormatException(pos >= data.length ? "truncated header before " + what
                        : "expected a number for " + what);
            }
            return value;
        }
    }
}
