package org.thinspice.engine.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps decoded playback in memory for headless tools and tests: the samples of every stream (up to a cap,
 * oldest kept), the formats started, and the guest's volume and mute.
 */
public final class CapturingSink implements AudioSink {
    private final int maxSamples;
    private short[] pcm = new short[4096];
    private int size;
    private long total;
    private PcmFormat format;
    private final List<PcmFormat> starts = new ArrayList<>();
    private int stops;
    private int[] volume;
    private Boolean mute;
    private int latency = -1;

    /** @param maxSamples the most samples (all channels) kept; later ones are counted, not kept */
    public CapturingSink(int maxSamples) {
        this.maxSamples = maxSamples;
    }

    @Override
    public synchronized void start(PcmFormat f) {
        format = f;
        starts.add(f);
        notifyAll();
    }

    @Override
    public synchronized void write(short[] samples, int n) {
        total += n;
        int keep = Math.min(n, maxSamples - size);
        if (keep > 0) {
            if (size + keep > pcm.length) {
                pcm = Arrays.copyOf(pcm, Math.min(maxSamples, Math.max(size + keep, pcm.length * 2)));
            }
            System.arraycopy(samples, 0, pcm, size, keep);
            size += keep;
        }
        notifyAll();
    }

    @Override
    public synchronized void stop() {
        stops++;
        notifyAll();
    }

    @Override
    public synchronized void guestVolume(int[] levels) {
        volume = levels.clone();
    }

    @Override
    public synchronized void guestMute(boolean m) {
        mute = m;
    }

    @Override
    public synchronized void minimumLatency(int millis) {
        latency = millis;
    }

    /** The samples kept so far (interleaved). */
    public synchronized short[] samples() {
        return Arrays.copyOf(pcm, size);
    }

    /** Samples written, kept or not. */
    public synchronized long totalSamples() {
        return total;
    }

    /** Drops what was kept (the counters stay). */
    public synchronized void clear() {
        size = 0;
    }

    /** The format of the stream started last, or null. */
    public synchronized PcmFormat format() {
        return format;
    }

    public synchronized List<PcmFormat> starts() {
        return List.copyOf(starts);
    }

    public synchronized int stops() {
        return stops;
    }

    public synchronized int[] guestVolume() {
        return volume == null ? null : volume.clone();
    }

    public synchronized Boolean guestMute() {
        return mute;
    }

    public synchronized int minimumLatency() {
        return latency;
    }

    /** Waits until at least {@code n} samples are kept; false on timeout. */
    public synchronized boolean awaitSamples(int n, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (size < n) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
