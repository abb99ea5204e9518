package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Reads the entropy-coded segment of a JPEG scan bit by bit, MSB first, undoing 0xFF00 byte stuffing. At a
 * marker or the end of the data it feeds zero bits (the Huffman lookahead may peek past the last code) and
 * counts them, so {@link #checkNotOverrun()} can tell a stream that really ran out.
 */
final class JpegBitReader {
    private final byte[] data;
    private final int end;
    private int pos;
    private long buffer;
    private int bits;
    private int padBits;
    private boolean atMarker;

    JpegBitReader(byte[] data, int pos, int end) {
        this.data = data;
        this.pos = pos;
        this.end = end;
    }

    /** Tops the buffer up to more than 56 bits. */
    private void fill() {
        byte[] d = data;
        int p = pos;
        long buf = buffer;
        int n = bits;
        if (!atMarker) {
            while (n <= 56 && p < end) {
                int b = d[p] & 0xFF;
                if (b == 0xFF) {
                    if (p + 1 < end && d[p + 1] == 0) {
                        p++;
                    } else {
                        // a marker ends the segment; pos stays on its 0xFF
                        atMarker = true;
                        break;
                    }
                }
                p++;
                buf = (buf << 8) | b;
                n += 8;
            }
        }
        while (n <= 56) {
            buf <<= 8;
            n += 8;
            padBits += 8;
        }
        pos = p;
        buffer = buf;
        bits = n;
    }

    /** The next {@value JpegHuffmanTable#LOOKAHEAD} bits, not consumed; at least 16 bits are buffered after. */
    int peekLookahead() {
        if (bits < 16) {
            fill();
        }
        return (int) (buffer >>> (bits - JpegHuffmanTable.LOOKAHEAD)) & ((1 << JpegHuffmanTable.LOOKAHEAD) - 1);
    }

    /** Consumes {@code n} bits already looked at through {@link #peekLookahead()}. */
    void skip(int n) {
        bits -= n;
    }

    /** Decodes one Huffman symbol. */
    int decode(JpegHuffmanTable table) throws SpiceImageException {
        if (bits < 16) {
            fill();
        }
        int entry = table.lookup[(int) (buffer >>> (bits - JpegHuffmanTable.LOOKAHEAD)) & ((1 << JpegHuffmanTable.LOOKAHEAD) - 1)];
        if (entry != 0) {
            bits -= entry >>> 8;
            return entry & 0xFF;
        }
        return decodeLong(table);
    }

    private int decodeLong(JpegHuffmanTable table) throws SpiceImageException {
        int code16 = (int) (buffer >>> (bits - 16)) & 0xFFFF;
        for (int len = JpegHuffmanTable.LOOKAHEAD + 1; len <= 16; len++) {
            int code = code16 >>> (16 - len);
            if (code <= table.maxCode[len]) {
                bits -= len;
                return table.symbols[code + table.symbolOffset[len]];
            }
        }
        throw new SpiceImageException("JPEG scan has an invalid Huffman code");
    }

    /** Reads an {@code s}-bit magnitude (1..16) and sign-extends it the JPEG way (F.2.2.1 EXTEND). */
    int receiveExtend(int s) {
        if (bits < s) {
            fill();
        }
        bits -= s;
        int v = (int) (buffer >>> bits) & ((1 << s) - 1);
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    /** Throws when the decoder has used bits beyond the real data (a truncated or corrupt scan). */
    void checkNotOverrun() throws SpiceImageException {
        if (bits < padBits) {
            throw new SpiceImageException("JPEG scan data ends before the image is complete");
        }
    }

    /**
     * Drops the bits left of the current segment and moves to the next marker, skipping stray bytes as
     * libjpeg does. Returns the offset of the marker's 0xFF, or -1 when the data ends first.
     */
    int seekMarker() {
        buffer = 0;
        bits = 0;
        padBits = 0;
        atMarker = false;
        int p = pos;
        while (p + 1 < end) {
            if ((data[p] & 0xFF) == 0xFF && data[p + 1] != 0 && data[p + 1] != (byte) 0xFF) {
                pos = p;
                return p;
            }
            p++;
        }
        pos = end;
        return -1;
    }

    /** Continues after a restart marker: {@code markerEnd} is the offset just past it. */
    void restartAt(int markerEnd) {
        pos = markerEnd;
    }
}
