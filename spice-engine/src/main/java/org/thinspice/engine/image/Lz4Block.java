package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Decoder for one LZ4 block (the raw block format, no frame): sequences of a token (literal length in
 * the high nibble, match length − 4 in the low nibble, 15 meaning "more bytes follow, each added, until
 * one is below 255"), the literals, then a 2-byte little-endian offset and the match. The last
 * sequence has literals only.
 *
 * <p>Output goes into a caller-owned buffer after {@code dstPos}; everything before {@code dstPos} is
 * the window earlier blocks produced, which is how liblz4's streaming decoder
 * ({@code LZ4_decompress_safe_continue}) lets a block refer to earlier blocks. Offsets reaching before
 * index 0 and output beyond {@code dstEnd} are malformed input. Also used for SPICEVMC compressed data.
 */
public final class Lz4Block {
    private static final int MIN_MATCH = 4;

    private final byte[] src;
    private final int sEnd;
    private int s;

    private Lz4Block(byte[] src, int srcOff, int srcLen) {
        this.src = src;
        this.s = srcOff;
        this.sEnd = srcOff + srcLen;
    }

    /** Decodes {@code src[srcOff, srcOff+srcLen)} into {@code dst[dstPos, dstEnd)}; returns the new end of output. */
    public static int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstPos, int dstEnd)
            throws SpiceImageException {
        if (srcLen <= 0) {
            throw new SpiceImageException("empty LZ4 block");
        }
        return new Lz4Block(src, srcOff, srcLen).run(dst, dstPos, dstEnd);
    }

    private int run(byte[] dst, int dstPos, int dstEnd) throws SpiceImageException {
        int d = dstPos;
        while (true) {
            if (s >= sEnd) {
                throw new SpiceImageException("LZ4 block ends after a match, without final literals");
            }
            int token = src[s++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                literals = extendLength(literals, dstEnd - d);
            }
            if (literals > sEnd - s) {
                throw new SpiceImageException("LZ4 literal run of " + literals + " bytes past the end of the block");
            }
            if (literals > dstEnd - d) {
                throw new SpiceImageException("LZ4 literals overflow the image by " + (literals - (dstEnd - d)) + " bytes");
            }
            System.arraycopy(src, s, dst, d, literals);
            s += literals;
            d += literals;
            if (s == sEnd) {
                return d;
            }
            if (sEnd - s < 2) {
                throw new SpiceImageException("LZ4 block truncated inside a match offset");
            }
            int offset = (src[s] & 0xFF) | (src[s + 1] & 0xFF) << 8;
            s += 2;
            if (offset == 0 || offset > d) {
                throw new SpiceImageException("LZ4 match offset " + offset + " reaches before the start of the image ("
                        + d + " bytes decoded)");
            }
            int match = token & 0x0F;
            if (match == 15) {
                match = extendLength(match, dstEnd - d);
            }
            match += MIN_MATCH;
            if (match > dstEnd - d) {
                throw new SpiceImageException("LZ4 match overflows the image by " + (match - (dstEnd - d)) + " bytes");
            }
            copyMatch(dst, d - offset, d, match);
            d += match;
        }
    }

    /** Adds the 255-extension bytes to {@code len}; stops as soon as the length cannot fit in {@code room}. */
    private int extendLength(int len, int room) throws SpiceImageException {
        int b;
        do {
            if (s >= sEnd) {
                throw new SpiceImageException("LZ4 block truncated inside a length");
            }
            b = src[s++] & 0xFF;
            len += b;
            if (len > room) {
                throw new SpiceImageException("LZ4 length " + len + "+ exceeds the " + room + " bytes left in the image");
            }
        } while (b == 255);
        return len;
    }

    /**
     * Copies a match that may overlap its own output (offset < length repeats the last
     * {@code offset} bytes). Copying in chunks whose size is the current distance keeps each
     * arraycopy non-overlapping while the repeated pattern doubles.
     */
    private static void copyMatch(byte[] dst, int from, int to, int len) {
        int end = to + len;
        int pos = to;
        while (pos < end) {
            int n = Math.min(pos - from, end - pos);
            System.arraycopy(dst, from, dst, pos, n);
            pos += n;
        }
    }
}
