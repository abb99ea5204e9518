package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

import java.util.Arrays;

/**
 * The body of one LZ stream (spice-common {@code lz_decompress_tmpl.c}): a sequence of literal runs and
 * back-references into the pixels already decoded. Each pass fills a whole image; RGBA streams run the
 * RGB pass and then the alpha pass over the same output. Every read and every copy is bounds-checked.
 */
final class LzStream {
    private static final String CODEC = "LZ";
    /** Distances above this use the two-byte "far" form. */
    private static final int MAX_DISTANCE = 8191;
    /** Below this length a plain loop beats arraycopy/fill and handles overlap by itself. */
    private static final int SHORT_COPY = 16;

    private final byte[] in;
    private final int end;
    private int pos;
    /** Outputs of {@link #reference}: match length and distance back, both already checked. */
    private int refLen;
    private int refDist;

    LzStream(byte[] in, int pos, int end) {
        this.in = in;
        this.pos = pos;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int u32() throws SpiceImageException {
        if (end - pos < 4) {
            throw LzFormat.truncated(CODEC);
        }
        int v = LzFormat.u32be(in, pos);
        pos += 4;
        return v;
    }

    private int u8() throws SpiceImageException {
        if (pos >= end) {
            throw LzFormat.truncated(CODEC);
        }
        return in[pos++] & 0xFF;
    }

    /** RGB16/RGB24/RGB32 pixels, alpha set to 0xFF. RGB24 and RGB32 streams are identical (B, G, R bytes). */
    void rgbPass(int[] out, int n, boolean rgb16) throws SpiceImageException {
        final byte[] b = in;
        final int bias = rgb16 ? 2 : 1;
        final int literalBytes = rgb16 ? 2 : 3;
        int op = 0;
        while (op < n) {
            int ctrl = u8();
            if (ctrl < LzFormat.MAX_COPY) {
                int run = ctrl + 1;
                checkRun(run, n - op, literalBytes);
                pos = LzFormat.literalPixels(b, pos, out, op, run, rgb16);
                op += run;
            } else {
                reference(ctrl, bias, op, n);
                copyPixels(out, op, refDist, refLen);
                op += refLen;
            }
        }
    }

    /** Alpha bytes into the top byte of pixels already holding RGB (RGBA second pass, XXXA). */
    void alphaPass(int[] out, int n) throws SpiceImageException {
        final byte[] b = in;
        int op = 0;
        while (op < n) {
            int ctrl = u8();
            if (ctrl < LzFormat.MAX_COPY) {
                int run = ctrl + 1;
                checkRun(run, n - op, 1);
                int p = pos;
                for (int stop = op + run; op < stop; op++, p++) {
                    out[op] = out[op] & 0x00FFFFFF | b[p] << 24;
                }
                pos = p;
            } else {
                reference(ctrl, 3, op, n);
                // forward, one pixel at a time: an overlapping reference reads alpha this loop just wrote
                for (int src = op - refDist, stop = op + refLen; op < stop; op++, src++) {
                    out[op] = out[op] & 0x00FFFFFF | out[src] & 0xFF000000;
                }
            }
        }
    }

    /** One byte per unit: palette index bytes (possibly packing several pixels) or A8 values. */
    void bytePass(byte[] out, int n) throws SpiceImageException {
        int op = 0;
        while (op < n) {
            int ctrl = u8();
            if (ctrl < LzFormat.MAX_COPY) {
                int run = ctrl + 1;
                checkRun(run, n - op, 1);
                System.arraycopy(in, pos, out, op, run);
                pos += run;
                op += run;
            } else {
                reference(ctrl, 3, op, n);
                int src = op - refDist;
                int len = refLen;
                if (refDist >= len) {
                    System.arraycopy(out, src, out, op, len);
                } else if (refDist == 1) {
                    Arrays.fill(out, op, op + len, out[src]);
                } else {
                    for (int i = 0; i < len; i++) {
                        out[op + i] = out[src + i];
                    }
                }
                op += len;
            }
        }
    }

    private void checkRun(int run, int room, int bytesPerUnit) throws SpiceImageException {
        if (run > room) {
            throw new SpiceImageException("LZ literal run of " + run + " overflows the image by " + (run - room));
        }
        if (run * bytesPerUnit > end - pos) {
            throw LzFormat.truncated(CODEC);
        }
    }

    /**
     * Reads the rest of a back-reference. Length: top 3 bits of ctrl, 7 meaning "add bytes while 255";
     * distance: low 5 bits of ctrl then one byte, or (5 bits all set, byte 255) a 16-bit far distance.
     * {@code bias} is the encoder's minimum match length minus one for this pixel kind.
     */
    private void reference(int ctrl, int bias, int op, int n) throws SpiceImageException {
        int room = n - op;
        int len = (ctrl >>> 5) - 1;
        if (len == 6) {
            int code;
            do {
                code = u8();
                len += code;
                if (len > room) {
                    throw new SpiceImageException("LZ match longer than the rest of the image");
                }
            } while (code == 255);
        }
        int high = (ctrl & 31) << 8;
        int code = u8();
        int dist = high + code;
        if (code == 255 && high == 31 << 8) {
            dist = (u8() << 8 | u8()) + MAX_DISTANCE;
        }
        len += bias;
        dist += 1;
        if (len > room) {
            throw new SpiceImageException("LZ match of " + len + " overflows the image by " + (len - room));
        }
        if (dist > op) {
            throw new SpiceImageException("LZ match distance " + dist + " points before the image start");
        }
        refLen = len;
        refDist = dist;
    }

    /** Copies {@code len} pixels from {@code dist} back; an overlapping copy repeats the pattern. */
    static void copyPixels(int[] out, int op, int dist, int len) {
        int src = op - dist;
        if (len < SHORT_COPY) {
            for (int i = 0; i < len; i++) {
                out[op + i] = out[src + i];
            }
        } else if (dist >= len) {
            System.arraycopy(out, src, out, op, len);
        } else if (dist == 1) {
            Arrays.fill(out, op, op + len, out[src]);
        } else {
            // a pattern of period dist: lay down one period, then double what is already written
            System.arraycopy(out, src, out, op, dist);
            int done = dist;
            while (done < len) {
                int c = Math.min(done, len - done);
                System.arraycopy(out, op, out, op + done, c);
                done += c;
            }
        }
    }
}
