package org.thinspice.engine.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/** Playback message bodies as spice-server writes them, and Opus packets of a tone, for tests. */
public final class AudioTestMessages {
    private AudioTestMessages() {
    }

    public static byte[] mode(long time, int mode) {
        return new WireWriter().u32(time).u16(mode).toByteArray();
    }

    public static byte[] start(int channels, int format, long frequency, long time) {
        return new WireWriter().u32(channels).u16(format).u32(frequency).u32(time).toByteArray();
    }

    public static byte[] data(long time, byte[] packet) {
        return new WireWriter().u32(time).bytes(packet).toByteArray();
    }

    public static byte[] volume(int... levels) {
        WireWriter w = new WireWriter().u8(levels.length);
        for (int l : levels) {
            w.u16(l);
        }
        return w.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static byte[] raw(short[] pcm) {
        byte[] b = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            b[2 * i] = (byte) pcm[i];
            b[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        return b;
    }

    /** {@code packets} 10 ms Opus packets (48 kHz stereo) of a sine, as spice-server encodes them. */
    public static List<byte[]> opusTone(double hz, double amplitude, int packets) {
        try {
            OpusEncoder enc = new OpusEncoder(48000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
            List<byte[]> out = new ArrayList<>();
            byte[] buf = new byte[1275];
            for (int p = 0; p < packets; p++) {
                short[] pcm = Spectrum.sine(hz, amplitude, 48000, 2, p * 480L, 480);
                int n = enc.encode(pcm, 0, 480, buf, 0, buf.length);
                out.add(java.util.Arrays.copyOf(buf, n));
            }
            return out;
        } catch (io.github.jaredmdobson.concentus.OpusException e) {
            throw new IllegalStateException(e);
        }
    }
}
