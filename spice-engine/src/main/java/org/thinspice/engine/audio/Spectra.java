package org.thinspice.engine.audio;

/** Small PCM helpers shared by the test tone and the tone source. */
public final class Spectra {
    private Spectra() {
    }

    /** {@code frames} sample frames of a sine of peak {@code amplitude} (0..1), the same on every channel. */
    public static short[] sine(double hz, double amplitude, PcmFormat format, long fromFrame, int frames) {
        int ch = format.channels();
        short[] out = new short[frames * ch];
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * (fromFrame + i) / format.sampleRate()));
            for (int c = 0; c < ch; c++) {
                out[i * ch + c] = v;
            }
        }
        return out;
    }
}
