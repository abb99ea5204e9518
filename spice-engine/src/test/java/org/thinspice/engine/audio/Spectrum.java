package org.thinspice.engine.audio;

/**
 * Frequency analysis of captured PCM for tests: the strongest bin of a Hann-windowed DFT (evaluated bin by
 * bin — test signals are short) refined by parabolic interpolation, and the RMS level.
 */
public final class Spectrum {
    private Spectrum() {
    }

    /** One channel of interleaved samples, from sample frame {@code from}, {@code n} frames. */
    public static double[] channel(short[] pcm, int channels, int channel, int from, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pcm[(from + i) * channels + channel] / 32768.0;
        }
        return x;
    }

    /** The frequency (Hz) of the strongest component between {@code lowHz} and {@code highHz}. */
    public static double peakHz(double[] x, int rate, double lowHz, double highHz) {
        int n = x.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        int lo = Math.max(1, (int) Math.floor(lowHz * n / rate));
        int hi = Math.min(n / 2 - 1, (int) Math.ceil(highHz * n / rate));
        double[] mag = new double[hi + 2];
        int best = lo;
        for (int k = lo - 1; k <= hi + 1; k++) {
            mag[k] = magnitude(w, k);
            if (k >= lo && k <= hi && mag[k] > mag[best]) {
                best = k;
            }
        }
        double a = Math.log(mag[best - 1] + 1e-12);
        double b = Math.log(mag[best] + 1e-12);
        double c = Math.log(mag[best + 1] + 1e-12);
        double shift = (a - 2 * b + c) == 0 ? 0 : 0.5 * (a - c) / (a - 2 * b + c);
        return (best + shift) * rate / (double) n;
    }

    private static double magnitude(double[] w, int k) {
        double re = 0;
        double im = 0;
        double step = -2 * Math.PI * k / w.length;
        for (int i = 0; i < w.length; i++) {
            re += w[i] * Math.cos(step * i);
            im += w[i] * Math.sin(step * i);
        }
        return Math.hypot(re, im);
    }

    /** Root mean square, as a fraction of full scale (a full-scale sine is 0.707). */
    public static double rms(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s / Math.max(1, x.length));
    }

    /** A sine block, interleaved on every channel. */
    public static short[] sine(double hz, double amplitude, int rate, int channels, long fromFrame, int frames) {
        short[] out = new short[frames * channels];
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * (fromFrame + i) / rate));
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = v;
            }
        }
        return out;
    }
}
