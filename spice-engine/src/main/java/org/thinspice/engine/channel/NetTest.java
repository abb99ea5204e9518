package org.thinspice.engine.channel;

import java.util.function.LongSupplier;

/**
 * The client's view of the server's link test: right after the main channel links, the server sends a
 * PING without filler and at once one with 250 KiB of filler. The time between their arrivals is about
 * the filler's transfer time, which gives the link's bandwidth as this client sees it. Thread-safe reads.
 */
public final class NetTest {
    /** Smaller PINGs than this are latency pings; the rate ping carries 250 KiB. */
    static final int RATE_PING_MIN_BYTES = 64 * 1024;
    private static final int LATENCY_PING_MAX_BYTES = 1024;

    private final LongSupplier nanoTime;
    private long latencyPingId = -1;
    private long latencyPingNanos;
    private volatile long bitsPerSecond = -1;

    public NetTest(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A PING arrived on the main channel with this id and body size. */
    public void onPing(long id, int bodyBytes) {
        long now = nanoTime.getAsLong();
        if (bodyBytes <= LATENCY_PING_MAX_BYTES) {
            latencyPingId = id;
            latencyPingNanos = now;
        } else if (bodyBytes >= RATE_PING_MIN_BYTES && latencyPingId >= 0 && id == latencyPingId + 1
                && bitsPerSecond < 0) {
            long nanos = Math.max(1, now - latencyPingNanos);
            bitsPerSecond = (long) Math.min(Long.MAX_VALUE, bodyBytes * 8.0 * 1e9 / nanos);
        }
    }

    /** The measured bandwidth in bits per second, or -1 before (or without) a link test. */
    public long bitsPerSecond() {
        return bitsPerSecond;
    }
}
