package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Decodes the entropy-coded data of one sequential Huffman scan (baseline or extended, 8-bit) into the
 * sample planes of its components: Huffman decoding, dequantisation and the inverse DCT, MCU by MCU, with
 * restart markers. Buffers are per decoder, not per block.
 */
final class JpegScanDecoder {
    /** Natural (row-major) position of each zigzag index. */
    private static final int[] NATURAL = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    };
    /** Blocks of one interleaved MCU may number at most 10 (JPEG B.2.3). */
    private static final int MAX_BLOCKS_PER_MCU = 10;

    private final int[] coefficients = new int[64];
    private final int[] workspace = new int[64];

    /**
     * Runs one scan.
     *
     * @param scan  the scan's components in SOS order, their tables and quantisation already selected
     * @param start offset of the first entropy-coded byte
     * @return offset of the marker that ends the scan's data, or {@code end} when the data ends first
     */
    int decode(JpegFrame frame, JpegComponent[] scan, byte[] data, int start, int end) throws SpiceImageException {
        int blocksPerMcu = 0;
        for (JpegComponent c : scan) {
            blocksPerMcu += scan.length == 1 ? 1 : c.h * c.v;
            c.dcPredictor = 0;
        }
        if (blocksPerMcu > MAX_BLOCKS_PER_MCU) {
            throw new SpiceImageException("JPEG scan has " + blocksPerMcu + " blocks per MCU, more than 10");
        }
        int wide = scan.length == 1 ? scan[0].blocksWide : frame.mcusWide;
        int high = scan.length == 1 ? scan[0].blocksHigh : frame.mcusHigh;
        int total = wide * high;
        JpegBitReader in = new JpegBitReader(data, start, end);
        int restartsLeft = frame.restartInterval;
        int nextRestart = 0;
        for (int mcu = 0; mcu < total; mcu++) {
            if (frame.restartInterval != 0) {
                if (restartsLeft == 0) {
                    nextRestart = restart(in, data, end, nextRestart, scan);
                    restartsLeft = frame.restartInterval;
                }
                restartsLeft--;
            }
            int mx = mcu % wide;
            int my = mcu / wide;
            if (scan.length == 1) {
                decodeBlock(in, scan[0], mx, my);
            } else {
                for (JpegComponent c : scan) {
                    for (int by = 0; by < c.v; by++) {
                        for (int bx = 0; bx < c.h; bx++) {
                            decodeBlock(in, c, mx * c.h + bx, my * c.v + by);
                        }
                    }
                }
            }
            in.checkNotOverrun();
        }
        for (JpegComponent c : scan) {
            c.decoded = true;
        }
        int marker = in.seekMarker();
        return marker < 0 ? end : marker;
    }

    /** Expects restart marker RST{@code expected}, resets the predictors, and returns the next one's number. */
    private static int restart(JpegBitReader in, byte[] data, int end, int expected, JpegComponent[] scan)
            throws SpiceImageException {
        int marker = in.seekMarker();
        if (marker < 0) {
            throw new SpiceImageException("JPEG scan data ends before restart marker " + expected);
        }
        int code = data[marker + 1] & 0xFF;
        if (code != 0xD0 + expected) {
            throw new SpiceImageException(String.format("JPEG scan has marker 0x%02X where RST%d belongs", code, expected));
        }
        in.restartAt(marker + 2);
        for (JpegComponent c : scan) {
            c.dcPredictor = 0;
        }
        return (expected + 1) & 7;
    }

    private void decodeBlock(JpegBitReader in, JpegComponent c, int bx, int by) throws SpiceImageException {
        int[] q = c.quant;
        int[] block = coefficients;
        int s = in.decode(c.dcTable);
        if (s != 0) {
            c.dcPredictor += in.receiveExtend(s);
        }
        // libjpeg keeps coefficients as 16-bit values
        block[0] = (short) c.dcPredictor * q[0];
        int last = 0;
        JpegHuffmanTable ac = c.acTable;
        int[] fastAc = ac.fastAc;
        for (int k = 1; k < 64; k++) {
            int fast = fastAc[in.peekLookahead()];
            if (fast != 0) {
                in.skip(fast & 15);
                k += (fast >> 4) & 15;
                if (k > 63) {
                    throw new SpiceImageException("JPEG block has a coefficient past the 64th");
                }
                block[NATURAL[k]] = (fast >> 16) * q[k];
                last = k;
                continue;
            }
            int rs = in.decode(ac);
            int run = rs >>> 4;
            s = rs & 15;
            if (s == 0) {
                if (run != 15) {
                    break;
                }
                k += 15;
                continue;
            }
            k += run;
            if (k > 63) {
                throw new SpiceImageException("JPEG block has a coefficient past the 64th");
            }
            block[NATURAL[k]] = in.receiveExtend(s) * q[k];
            last = k;
        }
        int offset = by * 8 * c.stride + bx * 8;
        if (last == 0) {
            JpegIdct.dcOnly(block[0], c.plane, offset, c.stride);
        } else {
            JpegIdct.transform(block, workspace, c.plane, offset, c.stride);
            java.util.Arrays.fill(block, 0);
        }
        block[0] = 0;
    }
}
