package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * Adaptation state shared by the channels coded together (R, G and B share one; alpha and grey have
 * their own): when the model is next updated, how sparse updates have become, when counters are halved,
 * and the MELCODE run-length state.
 */
final class QuicCoderState {
    /** Pixels left before the next model update. */
    int waitCount;
    /** Wait-mask index: updates become sparser (mask 2^index - 1) as the image goes on. */
    int waitMaskIndex;
    /** Pixels left before the wait-mask index grows. */
    int waitMaskLeft = QuicConstants.WM_INDEX_NEXT;
    /** Counter sum above which a bucket's counters are halved. */
    int halvingTrigger = QuicConstants.WM_TRIGGER[0];

    private int randomSeed = 0xFF;
    private int melcState;
    private int melcLength;
    private int melcOrder = 1;

    /** The next pseudo-random word. */
    int nextRandom() {
        randomSeed = (randomSeed + 1) & 0xFF;
        return QuicConstants.TABRAND_CHAOS[randomSeed];
    }

    /** Moves to the next, sparser wait mask. */
    void growWaitMask() {
        waitMaskIndex++;
        halvingTrigger = QuicConstants.WM_TRIGGER[Math.min(waitMaskIndex, 10)];
        waitMaskLeft = QuicConstants.WM_INDEX_NEXT;
    }

    /**
     * Reads a run length: a 1 bit per "hit" of a full expected run (each hit lengthens the expected run),
     * then a 0 and the remainder in {@code melcLength} bits.
     *
     * @param limit pixels left in the segment; a longer run is corrupt
     */
    int decodeRun(QuicBitReader in, int limit) throws SpiceImageException {
        int run = 0;
        while (true) {
            int ones = Integer.numberOfLeadingZeros(~in.window() | 0x00FF_FFFF);
            for (int hit = 0; hit < ones; hit++) {
                run += melcOrder;
                if (melcState < QuicConstants.MELC_EXPONENT.length - 1) {
                    setMelcState(melcState + 1);
                }
            }
            if (run > limit) {
                throw new SpiceImageException("QUIC run of " + run + " pixels exceeds the " + limit + " left in the row");
            }
            if (ones < 8) {
                in.skip(ones + 1);
                break;
            }
            in.skip(8);
        }
        if (melcLength > 0) {
            run += in.window() >>> (32 - melcLength);
            in.skip(melcLength);
        }
        if (run > limit) {
            throw new SpiceImageException("QUIC run of " + run + " pixels exceeds the " + limit + " left in the row");
        }
        if (melcState > 0) {
            setMelcState(melcState - 1);
        }
        return run;
    }

    private void setMelcState(int state) {
        melcState = state;
        melcLength = QuicConstants.MELC_EXPONENT[state];
        melcOrder = 1 << melcLength;
    }
}
