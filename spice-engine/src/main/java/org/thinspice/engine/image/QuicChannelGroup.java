package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Channels QUIC codes together with one {@link QuicCoderState}: R, G and B of an RGB image, or the single
 * alpha or grey channel. Decodes one row at a time into interleaved samples ({@code row[x * n + c]}).
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

    QuicChannelGroup(QuicBitReader in, QuicFamily family, int channels, int width) {
        this.in = in;
        this.family = family;
        this.n = channels;
        this.width = width;
        this.counters = new int[channels * family.buckets * 8];
        this.bestCode = new int[channels * family.buckets];
        java.util.Arrays.fill(bestCode, family.bpc - 1);
        this.residuals = new int[(width + 1) * channels];
        this.row = new int[width * channels];
        this.above = new int[width * channels];
    }

    /** Samples of the row decoded last, {@code [x * channels + c]}, each {@code 0..2^bpc-1}. */
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
        return i > 2 && runStart != i && samePixel(above, i - 1, above, i) && samePixel(row, i - 1, row, i - 2);
    }

    private boolean samePixel(int[] a, int x, int[] b, int y) {
        int p = x * n;
        int q = y * n;
        for (int c = 0; c < n; c++) {
            if (a[p + c] != b[q + c]) {
                return false;
            }
        }
        return true;
    }

    private void repeatPixel(int i, int count) {
        int[] r = row;
        for (int k = i * n, last = (i + count) * n; k < last; k++) {
            r[k] = r[k - n];
        }
    }

    /** Decodes pixel {@code i}: residual context at {@code residuals[i*n+c]}, result to slot {@code i+1}. */
    private void decodePixel(boolean first, int i) throws SpiceImageException {
        QuicFamily f = family;
        int[] res = residuals;
        int[] r = row;
        int[] up = above;
        int mask = f.mask;
        int nb = f.buckets;
        int base = i * n;
        for (int c = 0; c < n; c++) {
            int code = bestCode[c * nb + f.bucketOf[res[base + c]]];
            int folded = in.golomb(f, code);
            res[base + n + c] = folded;
            int predicted;
            if (i == 0) {
                predicted = first ? 0 : up[c];
            } else if (first) {
                predicted = r[base - n + c];
            } else {
                predicted = (r[base - n + c] + up[base + c]) >> 1;
            }
            r[base + c] = (f.unfold[folded] + predicted) & mask;
        }
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
