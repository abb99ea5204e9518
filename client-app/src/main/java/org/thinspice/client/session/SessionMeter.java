package org.thinspice.client.session;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.thinspice.client.core.SessionReport;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.stats.SessionStats;

/**
 * Counts for the diagnostics screen: bytes in, images per codec, frames presented, connect times,
 * clipboard transfers each way.
 */
public final class SessionMeter {
    private final long startNanos;
    private final LongAdder bytes = new LongAdder();
    private final LongAdder presented = new LongAdder();
    private final Map<String, LongAdder> codecs = new ConcurrentHashMap<>();
    private final AtomicLong connectMillis = new AtomicLong(-1);
    private final AtomicLong firstFrameMillis = new AtomicLong(-1);
    private final LongAdder clipboardToTerminal = new LongAdder();
    private final LongAdder clipboardToDesktop = new LongAdder();

    public SessionMeter(long startNanos) {
        this.startNanos = startNanos;
    }

    void bytes(ChannelType type, long n) {
        bytes.add(n);
    }

    void image(int type) {
        codecs.computeIfAbsent(SessionStats.imageTypeName(type), k -> new LongAdder()).increment();
    }

    void connected() {
        connectMillis.compareAndSet(-1, (System.nanoTime() - startNanos) / 1_000_000);
    }

    void firstFrame() {
        firstFrameMillis.compareAndSet(-1, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Clipboard content crossed from the desktop to the terminal. */
    void clipboardToTerminal() {
        clipboardToTerminal.increment();
    }

    /** Clipboard content crossed from the terminal into the desktop. */
    void clipboardToDesktop() {
        clipboardToDesktop.increment();
    }

    public void presented() {
        presented.increment();
    }

    public long presentedFrames() {
        return presented.sum();
    }

    public SessionReport report(String desktop) {
        long ms = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
        Map<String, Long> c = new TreeMap<>();
        codecs.forEach((k, v) -> c.put(k, v.sum()));
        return new SessionReport(desktop, presented.sum() * 1000.0 / ms, bytes.sum() * 1000.0 / ms, connectMillis.get(),
                firstFrameMillis.get(), ms, c, clipboardToTerminal.sum(), clipboardToDesktop.sum());
    }
}
