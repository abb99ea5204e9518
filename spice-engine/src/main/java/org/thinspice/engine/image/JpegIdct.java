package org.thinspice.engine.image;

/**
 * Accurate integer inverse DCT of one 8x8 block, the Loeffler–Ligtenberg–Moschytz factorisation (12
 * multiplies per 1-D pass) with 13-bit fixed-point constants, columns first keeping 2 extra bits between
 * the passes. These are the precision and rounding points of libjpeg's "islow" method, which spice-gtk's
 * still-image decoder uses, so the output matches it sample for sample.
 */
final class JpegIdct {
    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 2;

    // c(k) = cos(k*pi/16); each constant is round(value * 2^13) of the named combination times sqrt(2).
    private static final int F0_298 = 2446;   // sqrt2 * (-c1 + c3 + c5 - c7)
    private static final int F0_390 = 3196;   // sqrt2 * (c5 - c3)
    private static final int F0_541 = 4433;   // sqrt2 * c6
    private static final int F0_765 = 6270;   // sqrt2 * (c2 - c6)
    private static final int F0_899 = 7373;   // sqrt2 * (c7 - c3)
    private static final int F1_175 = 9633;   // sqrt2 * c3
    private static final int F1_501 = 12299;  // sqrt2 * (c1 + c3 - c5 - c7)
    private static final int F1_847 = 15137;  // sqrt2 * (c2 + c6)
    private static final int F1_961 = 16069;  // sqrt2 * (c3 + c5)
    private static final int F2_053 = 16819;  // sqrt2 * (c1 + c3 - c5 + c7)
    private static final int F2_562 = 20995;  // sqrt2 * (c1 + c3)
    private static final int F3_072 = 25172;  // sqrt2 * (c1 + c3 + c5 - c7)

    /**
     * Maps a descaled, still centred (-128 based) result to a sample. The index is taken modulo 1024 like
     * libjpeg's range-limit table, so even absurd coefficients give the same bytes it gives.
     */
    private static final byte[] LIMIT = new byte[1024];

    static {
        for (int i = 0; i < 1024; i++) {
            int v = i < 512 ? i : i - 1024;
            LIMIT[i] = (byte) Math.max(0, Math.min(255, v + 128));
        }
    }

    private JpegIdct() {
    }

    /** A block whose only non-zero coefficient is the (dequantised) DC. */
    static void dcOnly(int dc, byte[] out, int offset, int stride) {
        byte v = LIMIT[(((dc << PASS1_BITS) + (1 << (PASS1_BITS + 2))) >> (PASS1_BITS + 3)) & 1023];
        for (int r = 0, o = offset; r < 8; r++, o += stride) {
            out[o] = v;
            out[o + 1] = v;
            out[o + 2] = v;
            out[o + 3] = v;
            out[o + 4] = v;
            out[o + 5] = v;
            out[o + 6] = v;
            out[o + 7] = v;
        }
    }

    /**
     * Transforms dequantised coefficients (natural order) into 8 rows of 8 samples at {@code out[offset]}.
     *
     * @param ws a 64-entry workspace
     */
    static void transform(int[] in, int[] ws, byte[] out, int offset, int stride) {
        for (int c = 0; c < 8; c++) {
            columnPass(in, ws, c);
        }
        for (int r = 0, o = offset; r < 8; r++, o += stride) {
            rowPass(ws, r * 8, out, o);
        }
    }

    private static void columnPass(int[] in, int[] ws, int c) {
        int d1 = in[c + 8];
        int d2 = in[c + 16];
        int d3 = in[c + 24];
        int d4 = in[c + 32];
        int d5 = in[c + 40];
        int d6 = in[c + 48];
        int d7 = in[c + 56];
        if ((d1 | d2 | d3 | d4 | d5 | d6 | d7) == 0) {
            // a flat column: every output is the DC, scaled to the inter-pass precision
            int dc = in[c] << PASS1_BITS;
            for (int i = c; i < 64; i += 8) {
                ws[i] = dc;
            }
            return;
        }
        int d0 = in[c];
        int z1 = (d2 + d6) * F0_541;
        int even2 = z1 - d6 * F1_847;
        int even3 = z1 + d2 * F0_765;
        int even0 = (d0 + d4) << CONST_BITS;
        int even1 = (d0 - d4) << CONST_BITS;
        int t10 = even0 + even3;
        int t13 = even0 - even3;
        int t11 = even1 + even2;
        int t12 = even1 - even2;

        int z5 = (d7 + d3 + d5 + d1) * F1_175;
        int za = -(d7 + d1) * F0_899;
        int zb = -(d5 + d3) * F2_562;
        int zc = -(d7 + d3) * F1_961 + z5;
        int zd = -(d5 + d1) * F0_390 + z5;
        int o0 = d7 * F0_298 + za + zc;
        int o1 = d5 * F2_053 + zb + zd;
        int o2 = d3 * F3_072 + zb + zc;
        int o3 = d1 * F1_501 + za + zd;

        final int shift = CONST_BITS - PASS1_BITS;
        final int round = 1 << (shift - 1);
        ws[c] = (t10 + o3 + round) >> shift;
        ws[c + 56] = (t10 - o3 + round) >> shift;
        ws[c + 8] = (t11 + o2 + round) >> shift;
        ws[c + 48] = (t11 - o2 + round) >> shift;
        ws[c + 16] = (t12 + o1 + round) >> shift;
        ws[c + 40] = (t12 - o1 + round) >> shift;
        ws[c + 24] = (t13 + o0 + round) >> shift;
        ws[c + 32] = (t13 - o0 + round) >> shift;
    }

    private static void rowPass(int[] ws, int w, byte[] out, int o) {
        final int shift = CONST_BITS + PASS1_BITS + 3;
        // the rounding term rides on the DC so it reaches every output once
        int d0 = ws[w] + (1 << (PASS1_BITS + 2));
        int d1 = ws[w + 1];
        int d2 = ws[w + 2];
        int d3 = ws[w + 3];
        int d4 = ws[w + 4];
        int d5 = ws[w + 5];
        int d6 = ws[w + 6];
        int d7 = ws[w + 7];
        if ((d1 | d2 | d3 | d4 | d5 | d6 | d7) == 0) {
            byte v = LIMIT[(d0 >> (PASS1_BITS + 3)) & 1023];
            out[o] = v;
            out[o + 1] = v;
            out[o + 2] = v;
            out[o + 3] = v;
            out[o + 4] = v;
            out[o + 5] = v;
            out[o + 6] = v;
            out[o + 7] = v;
            return;
        }
        int z1 = (d2 + d6) * F0_541;
        int even2 = z1 - d6 * F1_847;
        int even3 = z1 + d2 * F0_765;
        int even0 = (d0 + d4) << CONST_BITS;
        int even1 = (d0 - d4) << CONST_BITS;
        int t10 = even0 + even3;
        int t13 = even0 - even3;
        int t11 = even1 + even2;
        int t12 = even1 - even2;

        int z5 = (d7 + d3 + d5 + d1) * F1_175;
        int za = -(d7 + d1) * F0_899;
        int zb = -(d5 + d3) * F2_562;
        int zc = -(d7 + d3) * F1_961 + z5;
        int zd = -(d5 + d1) * F0_390 + z5;
        int o0 = d7 * F0_298 + za + zc;
        int o1 = d5 * F2_053 + zb + zd;
        int o2 = d3 * F3_072 + zb + zc;
        int o3 = d1 * F1_501 + za + zd;

        out[o] = LIMIT[((t10 + o3) >> shift) & 1023];
        out[o + 7] = LIMIT[((t10 - o3) >> shift) & 1023];
        out[o + 1] = LIMIT[((t11 + o2) >> shift) & 1023];
        out[o + 6] = LIMIT[((t11 - o2) >> shift) & 1023];
        out[o + 2] = LIMIT[((t12 + o1) >> shift) & 1023];
        out[o + 5] = LIMIT[((t12 - o1) >> shift) & 1023];
        out[o + 3] = LIMIT[((t13 + o0) >> shift) & 1023];
        out[o + 4] = LIMIT[((t13 - o0) >> shift) & 1023];
    }
}
