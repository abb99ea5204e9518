package org.thinspice.engine.audio;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A sine tone as a microphone, paced in real time (one block per block's duration): the kiosk's diagnostics
 * and the record channel's tests use it. Every channel carries the same tone.
 */
public final class ToneSource implements AudioSource {
    private final double frequency;
    private final double amplitude;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> task;
    private volatile boolean open;
    private long position;

    /** @param amplitude peak as a fraction of full scale, 0..1 */
    public ToneSource(double frequency, double amplitude) {
        this.frequency = frequency;
        this.amplitude = Math.max(0, Math.min(1, amplitude));
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void start(PcmFormat format, int frameSamples, Consumer<short[]> frames) {
        stop();
        int perChannel = frameSamples / format.channels();
        long periodMicros = perChannel * 1_000_000L / format.sampleRate();
        position = 0;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thinspice-tone");
            t.setDaemon(true);
            return t;
        });
        open = true;
        task = timer.scheduleAtFixedRate(() -> frames.accept(next(format, perChannel)), 0, periodMicros,
                TimeUnit.MICROSECONDS);
    }

    private short[] next(PcmFormat format, int perChannel) {
        short[] block = Spectra.sine(frequency, amplitude, format, position, perChannel);
        position += perChannel;
        return block;
    }

    @Override
    public synchronized void stop() {
        open = false;
        if (timer != null) {
            task.cancel(false);
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
