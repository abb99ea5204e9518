package org.thinspice.engine.audio;

import java.util.function.Consumer;

/**
 * The terminal's microphone ({@link JavaSoundSource}) or, in tests, a generator ({@link ToneSource}). The
 * record channel opens it only while the guest records and closes it when the guest stops.
 */
public interface AudioSource {
    /**
     * Starts capturing: blocks of exactly {@code frameSamples} samples (interleaved, all channels) go to
     * {@code frames}, from a thread of the source, in real time, until {@link #stop()}. The array handed over
     * is the consumer's to keep.
     *
     * @throws java.io.IOException the device cannot be opened (the channel then sends nothing)
     */
    void start(PcmFormat format, int frameSamples, Consumer<short[]> frames) throws java.io.IOException;

    /** Stops capturing and releases the device; no block is delivered after it returns. */
    void stop();
}
