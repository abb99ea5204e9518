package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * One Huffman table from a DHT segment, in the form the scan decoder uses: a lookahead table that resolves
 * codes of up to {@value #LOOKAHEAD} bits in one step, and canonical-code limits per length for longer codes.
 */
final class JpegHuffmanTable {
    static final int LOOKAHEAD = 9;

    /** {@code (length << 8) | symbol} for every {@value #LOOKAHEAD}-bit prefix; 0 where the code is longer. */
    final int[] lookup = new int[1 << LOOKAHEAD];
    /** Largest code of each length 1..16, -1 where the length has no codes. */
    final int[] maxCode = new int[17];
    /** Added to a code of each length to give its index into {@link #symbols}. */
    final int[] symbolOffset = new int[17];
    final int[] symbols;
    /**
     * For AC tables: a whole coefficient per {@value #LOOKAHEAD}-bit prefix where its code and magnitude bits
     * both fit, as {@code value << 16 | run << 4 | bitsUsed}; 0 elsewhere. Most coefficients of real images
     * resolve here in one step.
     */
    final int[] fastAc = new int[1 << LOOKAHEAD];

    private JpegHuffmanTable(int[] symbols) {
        this.symbols = symbols;
    }

    /**
     * Builds the canonical code (JPEG Annex C) from the count of codes per length and the symbols in code order.
     *
     * @param counts   16 entries, codes of length 1..16
     * @param maxSymbol largest symbol the table's class allows (DC: a size of at most 15)
     */
    static JpegHuffmanTable build(int[] counts, int[] symbols, int maxSymbol) throws SpiceImageException {
        JpegHuffmanTable t = new JpegHuffmanTable(symbols);
        int code = 0;
        int index = 0;
        for (int len = 1; len <= 16; len++) {
            int n = counts[len - 1];
            if (n == 0) {
                t.maxCode[len] = -1;
            } else {
                t.symbolOffset[len] = index - code;
                for (int i = 0; i < n; i++, code++, index++) {
                    // as in libjpeg, the all-ones code of each length is reserved; reaching it means the
                    // counts over-fill the code space
                    if (code >= (1 << len) - 1) {
                        throw new SpiceImageException("JPEG Huffman table has more codes than fit in " + len + " bits");
                    }
                    int symbol = symbols[index];
                    if (symbol > maxSymbol) {
                        throw new SpiceImageException("JPEG Huffman table has symbol " + symbol + " out of range");
                    }
                    if (len <= LOOKAHEAD) {
                        int shift = LOOKAHEAD - len;
                        int first = code << shift;
                        for (int j = 0; j < (1 << shift); j++) {
                            t.lookup[first + j] = (len << 8) | symbol;
                        }
                    }
                }
                t.maxCode[len] = code - 1;
            }
            code <<= 1;
        }
        if (maxSymbol > 15) {
            t.buildFastAc();
        }
        return t;
    }

    private void buildFastAc() {
        for (int prefix = 0; prefix < lookup.length; prefix++) {
            int entry = lookup[prefix];
            int len = entry >>> 8;
            int run = (entry >> 4) & 15;
            int size = entry & 15;
            if (entry == 0 || size == 0 || len + size > LOOKAHEAD) {
                continue;
            }
            int extra = (prefix >> (LOOKAHEAD - len - size)) & ((1 << size) - 1);
            int value = extra < (1 << (size - 1)) ? extra - (1 << size) + 1 : extra;
            fastAc[prefix] = (value << 16) | (run << 4) | (len + size);
        }
    }
}
