package org.thinspice.engine.image;

/**
 * A QUIC code family: the Golomb-Rice codes (with an escape codeword capped at
 * {@link QuicConstants#CODEWORD_LIMIT} bits) for one sample depth, plus the tables every channel of
 * that depth shares. QUIC uses two families: 8 bits per channel and 5 bits per channel (RGB16).
 */
final class QuicFamily {
    static final QuicFamily BPC8 = new QuicFamily(8);
    static final QuicFamily BPC5 = new QuicFamily(5);

    /** Bits per channel. */
    final int bpc;
    /** {@code (1 << bpc) - 1}: samples and residuals live modulo this. */
    final int mask;
    /** Code number l -> how many leading zeros still make a plain Golomb-Rice codeword. */
    final int[] grPrefixLimit;
    /** Code number l -> first symbol coded with the escape codeword. */
    final int[] firstEscapeSymbol;
    /** Code number l -> total length of the escape codeword. */
    final int[] escapeLength;
    /** Code number l -> mask of the escape codeword's suffix. */
    final int[] escapeSuffixMask;
    /** {@code codeLength[symbol * 8 + l]}: codeword length of a symbol under code l (model statistics). */
    final int[] codeLength;
    /** Folded residual (0, -1, 1, -2 ... as 0, 1, 2, 3 ...) back to a residual modulo 2^bpc. */
    final int[] unfold;
    /** Context value (previous residual) -> model bucket; buckets double in width: 0, 1-2, 3-6 ... */
    final int[] bucketOf;
    /** Number of model buckets per channel. */
    final int buckets;

    private QuicFamily(int bpc) {
        this.bpc = bpc;
        this.mask = (1 << bpc) - 1;
        int levels = 1 << bpc;
        grPrefixLimit = new int[bpc];
        firstEscapeSymbol = new int[bpc];
        escapeLength = new int[bpc];
        escapeSuffixMask = new int[bpc];
        codeLength = new int[levels * 8];
        for (int l = 0; l < bpc; l++) {
            int prefix = Math.min(QuicConstants.CODEWORD_LIMIT - bpc, (1 << (bpc - l)) - 1);
            int escapeSymbols = levels - (prefix << l);
            int suffixBits = ceilLog2(escapeSymbols);
            grPrefixLimit[l] = prefix;
            firstEscapeSymbol[l] = prefix << l;
            escapeLength[l] = prefix + suffixBits;
            escapeSuffixMask[l] = (1 << suffixBits) - 1;
            for (int s = 0; s < levels; s++) {
                codeLength[s * 8 + l] = s < firstEscapeSymbol[l] ? (s >> l) + l + 1 : escapeLength[l];
            }
        }
        unfold = new int[levels];
        for (int s = 0; s < levels; s++) {
            unfold[s] = (s & 1) != 0 ? mask - (s >> 1) : s >> 1;
        }
        bucketOf = new int[levels];
        buckets = layBuckets(bucketOf, levels);
    }

    /** Buckets of size 1, 2, 4 ...; a bucket whose successor would not fit takes all remaining levels. */
    private static int layBuckets(int[] bucketOf, int levels) {
        int bucket = 0;
        int start = 0;
        int size = 1;
        while (start < levels) {
            int end = start + size - 1;
            if (end + size >= levels) {
                end = levels - 1;
            }
            for (int v = start; v <= end; v++) {
                bucketOf[v] = bucket;
            }
            bucket++;
            start = end + 1;
            size <<= 1;
        }
        return bucket;
    }

    private static int ceilLog2(int value) {
        return value <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(value - 1);
    }
}
