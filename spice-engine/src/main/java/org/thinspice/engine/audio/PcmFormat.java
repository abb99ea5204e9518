package org.thinspice.engine.audio;

/**
 * Interleaved signed 16-bit little-endian PCM (SPICE's only sample format, {@code SPICE_AUDIO_FMT_S16}) at a
 * sample rate and channel count.
 */
public record PcmFormat(int sampleRate, int channels) {
    /** What Opus in SPICE always is: 48 kHz stereo ({@code SND_CODEC_OPUS_PLAYBACK_FREQ}). */
    public static final PcmFormat OPUS = new PcmFormat(48000, 2);
    public static final int MIN_RATE = 8000;
    public static final int MAX_RATE = 192000;
    public static final int MAX_CHANNELS = 2;

    public PcmFormat {
        if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside 8000..192000");
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException(channels + " audio channels (1 or 2 supported)");
        }
    }

    /** Samples (all channels) in {@code millis} of audio. */
    public int samples(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, (long) sampleRate * channels * millis / 1000);
    }

    /** Milliseconds that {@code samples} (all channels) last. */
    public long millis(long samples) {
        return samples * 1000 / ((long) sampleRate * channels);
    }
}
