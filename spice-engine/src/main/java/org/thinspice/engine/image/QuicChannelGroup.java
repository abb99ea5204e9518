package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Channels QUIC codes together with one {@link QuicCoderState}: R, G and B of an RGB image, or the single
 * alpha or grey channel. Decodes one row at a time; each pixel's samples are packed in one int, channel
 * {@code c} of {@code n} at bit {@code 8 * (n - 1 - c)} (so R, G, B land where ARGB wants them).
 *
 * <p>Each sample is predicted (left neighbour on the first row, mean of left and above later, above for the
 * first column); the folded residual is Golomb-coded with the best code of the bucket chosen by the previous
 * residual of the same channel. Buckets learn code lengths only at pseudo-random pixels, and on rows after
 * the first a run of repeated pixels is coded as one length when the row above suggests it.
 */
final class QuicChannelGroup {
    private final QuicBitReader in;
    private final QuicFamily family;
    private final QuicCoderState state = new QuicCoderState();
    private final int n;
    private final int width;
    /** Per channel and bucket, the accumulated codeword length of each code: {@code [(c * buckets + b) * 8 + l]}. */
    private final int[] counters;
    /** Per channel and bucket, the code currently believed shortest. */
    private final int[] bestCode;
    /**
     * Folded residuals of the latest decode at each column, shifted by one column: slot 0 holds the
     * context for column 0. Columns covered by a run keep stale values from an earlier row, as the
     * encoder's do.
     */
    private final int[] residuals;
    private int[] row;
    private int[] above;

    /** {@code channels} is 3 (R, G, B) or 1 (grey or alpha). */
    QuicChannelGroup(QuicBitReader in, QuicFamily family, int channels, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("QUIC codes 1 or 3 channels together, not " + channels);
        }
        this.in = in;
        this.family = family;
        this.n = channels;
        this.width = width;
        this.counters = new int[channels * family.buckets * 8];
        this.bestCode = new int[channels * family.buckets];
        java.util.Arrays.fill(bestCode, family.bpc - 1);
        this.residuals = new int[(width + 1) * channels];
        this.row = new int[width];
        this.above = new int[width];
    }

    /** Packed samples of the row decoded last, each sample {@code 0..2^bpc-1}. */
    int[] row() {
        return row;
    }

    /** Decodes the first row (no row above, no runs). */
    void decodeFirstRow() throws SpiceImageException {
        java.util.Arrays.fill(residuals, 0, n, 0);
        decodeRow(true);
    }

    /** Decodes the next row, predicting from the previous one. */
    void decodeNextRow() throws SpiceImageException {
        int[] t = above;
        above = row;
        row = t;
        System.arraycopy(residuals, n, residuals, 0, n);
        decodeRow(false);
    }

    /** Splits the row where the wait mask grows, as the encoder did. */
    private void decodeRow(boolean first) throws SpiceImageException {
        int pos = 0;
        int left = width;
        while (state.waitMaskIndex < QuicConstants.WM_INDEX_MAX && state.waitMaskLeft <= left) {
            int span = state.waitMaskLeft;
            if (span > 0) {
                decodeSegment(first, pos, pos + span);
                left -= span;
                pos += span;
            }
            state.growWaitMask();
        }
        if (left > 0) {
            decodeSegment(first, pos, pos + left);
            if (state.waitMaskIndex < QuicConstants.WM_INDEX_MAX) {
                state.waitMaskLeft -= left;
            }
        }
    }

    private void decodeSegment(boolean first, int i, int end) throws SpiceImageException {
        int waitMask = (1 << state.waitMaskIndex) - 1;
        int stop;
        if (i == 0) {
            decodePixel(first, 0);
            if (state.waitCount > 0) {
                state.waitCount--;
            } else {
                state.waitCount = state.nextRandom() & waitMask;
                updateModel(0);
            }
            i = 1;
        }
        stop = i + state.waitCount;
        int runStart = 0;
        while (true) {
            boolean run = false;
            scan:
            while (stop < end) {
                for (; i <= stop; i++) {
                    if (!first && runAhead(i, runStart)) {
                        run = true;
                        break scan;
                    }
                    decodePixel(first, i);
                }
                updateModel(stop);
                stop = i + (state.nextRandom() & waitMask);
            }
            if (!run) {
                for (; i < end; i++) {
                    if (!first && runAhead(i, runStart)) {
                        run = true;
                        break;
                    }
                    decodePixel(first, i);
                }
                if (!run) {
                    state.waitCount = stop - end;
                    return;
                }
            }
            state.waitCount = stop - i;
            runStart = i;
            int length = state.decodeRun(in, end - i);
            repeatPixel(i, length);
            i += length;
            if (i == end) {
                return;
            }
            stop = i + state.waitCount;
        }
    }

    /** A run is coded when the row above repeats here and the two pixels to the left are equal. */
    private boolean runAhead(int i, int runStart) {
        return i > 2 && runStart != i && above[i - 1] == above[i] && row[i - 1] == row[i - 2];
    }

    private void repeatPixel(int i, int count) {
        java.util.Arrays.fill(row, i, i + count, row[i - 1]);
    }

    /** Decodes pixel {@code i}; residual contexts sit at {@code residuals[i*n+c]}, results go to slot {@code i+1}. */
    private void decodePixel(boolean first, int i) throws SpiceImageException {
        if (i == 0) {
            decodeColumnZero(first);
        } else if (first) {
            decodeFirstRowPixel(i);
        } else {
            decodeNextRowPixel(i);
        }
    }

    /** Column 0: predicted by the sample above (nothing on the first row). */
    private void decodeColumnZero(boolean first) throws SpiceImageException {
        int pixel = 0;
        for (int c = 0, shift = 8 * (n - 1); c < n; c++, shift -= 8) {
            int folded = decodeResidual(c, c);
            int predicted = first ? 0 : above[0] >>> shift & 0xFF;
            pixel |= ((family.unfold[folded] + predicted) & family.mask) << shift;
        }
        row[0] = pixel;
    }

    /** First row: predicted by the left neighbour. */
    private void decodeFirstRowPixel(int i) throws SpiceImageException {
        int left = row[i - 1];
        int pixel = 0;
        for (int c = 0, shift = 8 * (n - 1); c < n; c++, shift -= 8) {
            int folded = decodeResidual(c, i * n + c);
            pixel |= ((family.unfold[folded] + (left >>> shift & 0xFF)) & family.mask) << shift;
        }
        row[i] = pixel;
    }

    /** Later rows: predicted by the mean of the left and upper neighbours. The hot path, so unrolled. */
    private void decodeNextRowPixel(int i) throws SpiceImageException {
        int[] unfold = family.unfold;
        int mask = family.mask;
        int left = row[i - 1];
        int up = above[i];
        if (n == 3) {
            int base = i * 3;
            int r = (unfold[decodeResidual(0, base)] + ((left >>> 16 & 0xFF) + (up >>> 16 & 0xFF) >> 1)) & mask;
            int g = (unfold[decodeResidual(1, base + 1)] + ((left >>> 8 & 0xFF) + (up >>> 8 & 0xFF) >> 1)) & mask;
            int b = (unfold[decodeResidual(2, base + 2)] + ((left & 0xFF) + (up & 0xFF) >> 1)) & mask;
            row[i] = r << 16 | g << 8 | b;
        } else {
            row[i] = (unfold[decodeResidual(0, i)] + (left + up >> 1)) & mask;
        }
    }

    /** Reads channel {@code c}'s folded residual with the code its context bucket prefers, and records it. */
    private int decodeResidual(int c, int context) throws SpiceImageException {
        QuicFamily f = family;
        int folded = in.golomb(f, bestCode[c * f.buckets + f.bucketOf[residuals[context]]]);
        residuals[context + n] = folded;
        return folded;
    }

    /** Teaches each channel's bucket (chosen by the residual left of {@code i}) the residual at {@code i}. */
    private void updateModel(int i) {
        QuicFamily f = family;
        int bpc = f.bpc;
        int base = i * n;
        for (int c = 0; c < n; c++) {
            int bucket = c * f.buckets + f.bucketOf[residuals[base + c]];
            int lengths = residuals[base + n + c] * 8;
            int k = bucket * 8;
            int best = bpc - 1;
            int bestSum = counters[k + best] += f.codeLength[lengths + best];
            for (int l = bpc - 2; l >= 0; l--) {
                int sum = counters[k + l] += f.codeLength[lengths + l];
                if (sum < bestSum) {
                    best = l;
                    bestSum = sum;
                }
            }
            bestCode[bucket] = best;
            if (bestSum > state.halvingTrigger) {
                for (int l = 0; l < bpc; l++) {
                    counters[k + l] >>>= 1;
                }
            }
        }
    }
}
