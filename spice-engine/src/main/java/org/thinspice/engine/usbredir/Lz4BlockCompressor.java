package org.thinspice.engine.usbredir;

/**
 * A small greedy LZ4 block compressor (raw block, no frame), the format SPICEVMC compressed data uses
 * ({@code LZ4_compress_default} on the other side). Hash of 4 bytes → last position; matches are
 * extended forward; after every 64 misses in a row the scan step grows by one, as liblz4's does, so
 * data that does not compress (most bulk payloads) costs little. The format's end rules hold: the last 5
 * bytes are literals and no match starts in the last 12.
 */
final class Lz4BlockCompressor {
    private static final int MIN_MATCH = 4;
    private static final int LAST_LITERALS = 5;
    private static final int MF_LIMIT = 12;
    private static final int MAX_OFFSET = 65535;
    private static final int HASH_BITS = 13;
    /** log2 of the misses after which the step grows (liblz4's LZ4_skipTrigger). */
    private static final int SKIP_TRIGGER = 6;

    private final int[] table = new int[1 << HASH_BITS];

    /**
     * Compresses {@code src[off, off+len)} into {@code dst}; returns the compressed length, or -1 when the
     * result would not fit in {@code dst} (then the caller sends the data uncompressed).
     */
    int compress(byte[] src, int off, int len, byte[] dst) {
        return compress(src, off, len, dst, dst.length);
    }

    /** As above, giving up as soon as the output would pass {@code limit} bytes (at most {@code dst.length}). */
    int compress(byte[] src, int off, int len, byte[] dst, int limit) {
        java.util.Arrays.fill(table, -1);
        int end = off + len;
        int matchLimit = end - LAST_LITERALS;
        int anchor = off;
        int i = off;
        int d = 0;
        int misses = 1 << SKIP_TRIGGER;
        while (i < end - MF_LIMIT) {
            int seq = read32(src, i);
            int h = (seq * -1640531535) >>> (32 - HASH_BITS);
            int cand = table[h];
            table[h] = i;
            if (cand < 0 || i - cand > MAX_OFFSET || read32(src, cand) != seq) {
                i += misses++ >>> SKIP_TRIGGER;
                continue;
            }
            misses = 1 << SKIP_TRIGGER;
            int ml = MIN_MATCH;
            while (i + ml < matchLimit && src[cand + ml] == src[i + ml]) {
                ml++;
            }
            d = sequence(src, anchor, i - anchor, i - cand, ml, dst, d, limit);
            if (d < 0) {
                return -1;
            }
            i += ml;
            anchor = i;
        }
        return lastLiterals(src, anchor, end - anchor, dst, d, limit);
    }

    private static int sequence(byte[] src, int litStart, int lit, int offset, int matchLen, byte[] dst, int d,
            int limit) {
        int m = matchLen - MIN_MATCH;
        if (d + 1 + lit / 255 + 1 + lit + 2 + m / 255 + 1 > limit) {
            return -1;
        }
        int tokenAt = d++;
        int token = (Math.min(lit, 15) << 4) | Math.min(m, 15);
        d = length(lit, dst, d);
        System.arraycopy(src, litStart, dst, d, lit);
        d += lit;
        dst[d++] = (byte) offset;
        dst[d++] = (byte) (offset >>> 8);
        d = length(m, dst, d);
        dst[tokenAt] = (byte) token;
        return d;
    }

    private static int lastLiterals(byte[] src, int litStart, int lit, byte[] dst, int d, int limit) {
        if (d + 1 + lit / 255 + 1 + lit > limit) {
            return -1;
        }
        dst[d++] = (byte) (Math.min(lit, 15) << 4);
        d = length(lit, dst, d);
        System.arraycopy(src, litStart, dst, d, lit);
        return d + lit;
    }

    /** The 255-extension bytes of a length whose nibble said 15. */
    private static int length(int len, byte[] dst, int d) {
        if (len >= 15) {
            int rest = len - 15;
            while (rest >= 255) {
                dst[d++] = (byte) 255;
                rest -= 255;
            }
            dst[d++] = (byte) rest;
        }
        return d;
    }

    private static int read32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
