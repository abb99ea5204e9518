package org.thinspice.engine.audio;

/**
 * Where decoded playback goes: the terminal's speakers ({@link JavaSoundSink}) or, for headless tools and
 * tests, memory ({@link CapturingSink}). Called on the playback channel's event loop, so no method may block
 * for long: an implementation that plays in real time buffers (see {@link JitterBuffer}) and plays from a
 * thread of its own.
 */
public interface AudioSink {
    /** The guest started a stream in this format. */
    void start(PcmFormat format);

    /** Decoded samples (interleaved, all channels) of the stream started last; {@code samples} is a copy's length. */
    void write(short[] pcm, int samples);

    /** The guest stopped the stream (what is buffered may still play out). */
    void stop();

    /**
     * The guest's volume per channel, 0..65535 (SPICE VOLUME). The sink applies it on top of the terminal's
     * own level.
     */
    default void guestVolume(int[] levels) {
    }

    /** The guest's mute (SPICE MUTE). */
    default void guestMute(boolean mute) {
    }

    /**
     * The smallest buffer the server asks for (SPICE LATENCY, ms): audio may be held this long so that video
     * decoded later stays in step.
     */
    default void minimumLatency(int millis) {
    }

    /** Audio written but not yet heard, in ms: the clock runs this much behind the newest packet. */
    default long delayMillis() {
        return 0;
    }

    /** The session ended: release the device. */
    default void close() {
    }
}
