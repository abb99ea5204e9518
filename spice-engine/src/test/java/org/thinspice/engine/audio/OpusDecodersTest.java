package org.thinspice.engine.audio;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceProtocolException;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libopus through JNA against Concentus on the same packets; the choice of decoder; bad packets. */
class OpusDecodersTest {
    private static final PcmFormat FORMAT = new PcmFormat(48000, 2);

    @Test
    void libopusLoadsHereAndIsTheDefault() {
        // libopus0 is in spice-engine/packages.txt: without it the terminal would fall back to Concentus silently
        OpusDecoders.Backend b = OpusDecoders.select("auto", OpusDecoders.DEFAULT_LIBRARY);
        assertTrue(b.isNative(), b.description());
        assertFalse(OpusDecoders.select("java", OpusDecoders.DEFAULT_LIBRARY).isNative());
        assertFalse(OpusDecoders.select("auto", "no-such-opus-library").isNative());
        assertThrows(IllegalArgumentException.class, () -> OpusDecoders.select("ffmpeg", "opus"));
    }

    @Test
    void libopusDecodesTheToneAsConcentusDoes() throws Exception {
        List<byte[]> packets = AudioTestMessages.opusTone(997, 0.5, 100);
        short[] nat = decodeAll(OpusDecoders.select("libopus", "opus").create(FORMAT), packets);
        short[] java = decodeAll(OpusDecoders.select("java", "opus").create(FORMAT), packets);
        assertEquals(java.length, nat.length);
        assertEquals(96000, nat.length);
        double[] n = Spectrum.channel(nat, 2, 0, 4800, 16384);
        double[] j = Spectrum.channel(java, 2, 0, 4800, 16384);
        assertEquals(997, Spectrum.peakHz(n, 48000, 100, 10000), 3);
        assertEquals(Spectrum.rms(j), Spectrum.rms(n), 0.01);
        assertEquals(0.5 / Math.sqrt(2), Spectrum.rms(n), 0.03);
    }

    @Test
    void badPacketsAreTypedErrorsAndTheDecoderGoesOn() throws Exception {
        AudioDecoder d = OpusDecoders.select("libopus", "opus").create(FORMAT);
        short[] pcm = new short[d.maxSamples()];
        assertThrows(SpiceProtocolException.class, () -> d.decode(new byte[0], pcm));
        assertThrows(SpiceProtocolException.class, () -> d.decode(new byte[AudioMessages.MAX_PACKET_BYTES + 1], pcm));
        Random rnd = new Random(7);
        List<byte[]> good = AudioTestMessages.opusTone(997, 0.5, 20);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(1500)];
            rnd.nextBytes(junk);
            try {
                int n = d.decode(junk, pcm);
                assertTrue(n >= 0 && n <= pcm.length, "samples " + n);
            } catch (SpiceProtocolException expected) {
                // skipped by the channel
            }
            assertEquals(960, d.decode(good.get(i % good.size()), pcm), "a good packet after junk " + i);
        }
    }

    @Test
    void aFormatOpusCannotDecodeIsRefused() {
        assertThrows(SpiceProtocolException.class,
                () -> OpusDecoders.select("libopus", "opus").create(new PcmFormat(44100, 2)));
    }

    private static short[] decodeAll(AudioDecoder d, List<byte[]> packets) throws SpiceProtocolException {
        short[] pcm = new short[d.maxSamples()];
        short[] all = new short[packets.size() * 960];
        int at = 0;
        for (byte[] p : packets) {
            int n = d.decode(p, pcm);
            System.arraycopy(pcm, 0, all, at, n);
            at += n;
        }
        return java.util.Arrays.copyOf(all, at);
    }
}
