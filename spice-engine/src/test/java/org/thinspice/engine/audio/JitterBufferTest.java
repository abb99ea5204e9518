package org.thinspice.engine.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitterBufferTest {
    private static final PcmFormat MONO_8K = new PcmFormat(8000, 1);

    private static short[] ramp(int from, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (from + i);
        }
        return s;
    }

    @Test
    void playsSilenceUntilTheTargetIsBufferedThenInOrder() {
        JitterBuffer b = new JitterBuffer(MONO_8K, 10); // 80 samples
        short[] out = new short[40];
        b.write(ramp(1, 40), 40);
        assertEquals(0, b.read(out, 40), "below the target: silence");
        assertArrayEquals(new short[40], out);
        b.write(ramp(41, 40), 40);
        assertEquals(40, b.read(out, 40));
        assertArrayEquals(ramp(1, 40), out);
        assertEquals(40, b.read(out, 40));
        assertArrayEquals(ramp(41, 40), out);
    }

    @Test
    void anUnderrunPlaysSilenceAndWaitsForTheTargetAgain() {
        JitterBuffer b = new JitterBuffer(MONO_8K, 10);
        b.write(ramp(1, 100), 100);
        short[] out = new short[80];
        assertEquals(80, b.read(out, 80));
        assertEquals(20, b.read(out, 80), "partial, rest silence");
        assertEquals(0, out[20]);
        assertEquals(1, b.underruns());
        b.write(ramp(1, 40), 40);
        assertEquals(0, b.read(out, 40), "refilling");
        b.write(ramp(41, 40), 40);
        assertEquals(40, b.read(out, 40));
    }

    @Test
    void aBufferThatGrowsPastTargetAndSlackIsTrimmedToTheNewest() {
        JitterBuffer b = new JitterBuffer(MONO_8K, 10);
        int limit = 80 + MONO_8K.samples(JitterBuffer.SLACK_MILLIS);
        for (int i = 0; i < 100; i++) {
            b.write(ramp(i * 80, 80), 80);
            assertTrue(b.buffered() <= limit, "bounded: " + b.buffered());
        }
        assertTrue(b.droppedSamples() > 0);
        short[] out = new short[b.buffered()];
        b.read(out, out.length);
        assertEquals((short) (100 * 80 - 1), out[out.length - 1], "the newest sample is kept");
    }

    @Test
    void stereoTrimsWholeFramesSoChannelsStayInPlace() {
        PcmFormat st = new PcmFormat(8000, 2);
        JitterBuffer b = new JitterBuffer(st, 10);
        short[] lr = new short[2 * 1001];
        for (int i = 0; i < 1001; i++) {
            lr[2 * i] = 1;
            lr[2 * i + 1] = 2;
        }
        for (int i = 0; i < 10; i++) {
            b.write(lr, lr.length);
        }
        short[] out = new short[b.buffered()];
        b.read(out, out.length);
        assertEquals(1, out[0]);
        assertEquals(2, out[1]);
    }

    @Test
    void targetIsClamped() {
        JitterBuffer b = new JitterBuffer(MONO_8K, 5000);
        assertEquals(JitterBuffer.MAX_TARGET_MILLIS, b.targetMillis());
        b.setTargetMillis(-3);
        assertEquals(0, b.targetMillis());
        short[] huge = ramp(0, 20000);
        b.write(huge, huge.length);
        assertTrue(b.buffered() <= MONO_8K.samples(JitterBuffer.SLACK_MILLIS));
    }
}
