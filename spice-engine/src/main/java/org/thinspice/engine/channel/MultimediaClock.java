package org.thinspice.engine.channel;

import java.util.function.LongSupplier;

/** The session's multimedia time (ms), set by the server and advanced by a local monotonic clock. */
public final class MultimediaClock {
    private final LongSupplier nanoTime;
    private volatile long baseMmTime;
    private volatile long baseNanos;

    public MultimediaClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public void set(long mmTime) {
        baseNanos = nanoTime.getAsLong();
        baseMmTime = mmTime;
    }

    /** Current multimedia time in ms (wraps as u32 on the wire). */
    public long now() {
        return (baseMmTime + (nanoTime.getAsLong() - baseNanos) / 1_000_000L) & 0xFFFFFFFFL;
    }
}
