package org.thinspice.engine.channel;

import java.util.function.LongSupplier;

/** The session's multimedia time (ms), set by the server and advanced by a local monotonic clock. */
public final class MultimediaClock {
    private final LongSupplier nanoTime;
    private volatile long baseMmTime;
    private volatile long baseNanos;
    private volatile long audioDelay = -1;

    public MultimediaClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public void set(long mmTime) {
        baseNanos = nanoTime.getAsLong();
        baseMmTime = mmTime;
    }

    /**
     * How far (ms) the sound heard lags the newest playback packet while audio plays, -1 when none plays: the
     * playback channel keeps it, STREAM_REPORT tells the server (its {@code audio_delay}).
     */
    public void setAudioDelay(long millis) {
        audioDelay = millis;
    }

    public long audioDelay() {
        return audioDelay;
    }

    /** Current multimedia time in ms (wraps as u32 on the wire). */
    public long now() {
        return (baseMmTime + (nanoTime.getAsLong() - baseNanos) / 1_000_000L) & 0xFFFFFFFFL;
    }
}
