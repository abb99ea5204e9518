package org.thinspice.engine.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.thinspice.engine.SpiceImageException;

/**
 * QUIC's bit stream: little-endian 32-bit words read most significant bit first. Like the reference
 * decoder it always keeps a 32-bit look-ahead window full, so a stream whose window would reach past
 * the last whole word is truncated and fails, exactly where spice-common's decoder fails.
 */
final class QuicBitReader {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] data;
    private final int end;
    private int pos;
    /** Unread bits, left-aligned: the top 32 bits are the look-ahead window. */
    private long buffer;
    /** Valid bits in {@link #buffer}; at least 32 between calls. */
    private int bits;

    /** Starts reading at {@code offset}; only whole words before {@code offset + length} count. */
    QuicBitReader(byte[] data, int offset, int length) throws SpiceImageException {
        this.data = data;
        this.pos = offset;
        this.end = offset + (length & ~3);
        refill();
    }

    /** The next 32 bits of the stream, not consumed. */
    int window() {
        return (int) (buffer >>> 32);
    }

    /** Consumes {@code n} bits, 0 to 32. */
    void skip(int n) throws SpiceImageException {
        buffer <<= n;
        bits -= n;
        if (bits < 32) {
            refill();
        }
    }

    /** Reads one Golomb-Rice (or escape) codeword of code {@code l} in family {@code f}. */
    int golomb(QuicFamily f, int l) throws SpiceImageException {
        int w = (int) (buffer >>> 32);
        int zeros = Integer.numberOfLeadingZeros(w);
        int length;
        int symbol;
        if (zeros < f.grPrefixLimit[l]) {
            length = zeros + 1 + l;
            symbol = (zeros << l) | ((w >>> (32 - length)) & ((1 << l) - 1));
        } else {
            length = f.escapeLength[l];
            // A hostile escape can name a symbol past the alphabet; keep it inside so tables stay in range.
            symbol = (f.firstEscapeSymbol[l] + ((w >>> (32 - length)) & f.escapeSuffixMask[l])) & f.mask;
        }
        skip(length);
        return symbol;
    }

    private void refill() throws SpiceImageException {
        if (pos > end - 4) {
            throw new SpiceImageException("QUIC stream truncated at byte " + pos);
        }
        int word = (int) LE_INT.get(data, pos);
        pos += 4;
        buffer |= (word & 0xFFFF_FFFFL) << (32 - bits);
        bits += 32;
    }
}
