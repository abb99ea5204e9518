package org.thinspice.engine.it;

import org.thinspice.engine.audio.AudioSink;
import org.thinspice.engine.audio.CapturingSink;
import org.thinspice.engine.audio.JitterBuffer;
import org.thinspice.engine.audio.PcmFormat;

/**
 * A sound device for tests that has a clock: what the channel writes goes (as in {@code JavaSoundSink}) into
 * the engine's {@link JitterBuffer} with the same target (80 ms, or the server's LATENCY if larger), and a
 * thread of this sink takes 10 ms out of it every 10 ms of wall-clock time, as a device's clock would. So
 * {@link #delayMillis()} — what is buffered but not yet "heard" — behaves as on a terminal and the engine's
 * audio clock runs as it would there. Everything written is also kept in a {@link CapturingSink} for checks.
 */
final class PacedSink implements AudioSink, AutoCloseable {
    static final int TARGET_MILLIS = 80;
    static final int CHUNK_MILLIS = 10;

    final CapturingSink captured;
    private final Object lock = new Object();
    private volatile JitterBuffer buffer;
    private int minimumLatency;
    private Thread device;

    PacedSink(int maxSamples) {
        captured = new CapturingSink(maxSamples);
    }

    @Override
    public void start(PcmFormat format) {
        captured.start(format);
        synchronized (lock) {
            if (buffer == null || !buffer.format().equals(format)) {
                stopDevice();
                JitterBuffer b = new JitterBuffer(format, Math.max(TARGET_MILLIS, minimumLatency));
                buffer = b;
                device = new Thread(() -> play(b), "paced-sink");
                device.setDaemon(true);
                device.start();
            }
        }
    }

    @Override
    public void write(short[] pcm, int samples) {
        captured.write(pcm, samples);
        JitterBuffer b = buffer;
        if (b != null) {
            b.write(pcm, samples);
        }
    }

    @Override
    public void stop() {
        captured.stop();
    }

    @Override
    public void minimumLatency(int millis) {
        captured.minimumLatency(millis);
        synchronized (lock) {
            minimumLatency = millis;
            if (buffer != null) {
                buffer.setTargetMillis(Math.max(TARGET_MILLIS, millis));
            }
        }
    }

    @Override
    public long delayMillis() {
        JitterBuffer b = buffer;
        return b == null ? 0 : b.bufferedMillis();
    }

    /** Times the "device" ran dry after playback had started. */
    long underruns() {
        JitterBuffer b = buffer;
        return b == null ? 0 : b.underruns();
    }

    @Override
    public void close() {
        synchronized (lock) {
            stopDevice();
            buffer = null;
        }
    }

    private void stopDevice() {
        Thread t = device;
        device = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void play(JitterBuffer b) {
        short[] chunk = new short[b.format().samples(CHUNK_MILLIS)];
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            b.read(chunk, chunk.length);
            next += CHUNK_MILLIS * 1_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
