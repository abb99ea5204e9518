package org.thinspice.device.smartcard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches readers and cards on one thread and one PC/SC context of its own: blocks in
 * {@code SCardGetStatusChange} (jnasmartcardio's {@code waitForChange}) with a finite timeout, then diffs a
 * snapshot of reader → card present against the previous one, so spurious wakeups (the first call returns at
 * once; any state change wakes it) cost one snapshot and produce no events. When pcscd goes away the context is
 * released, {@link PcscEvent.Type#SERVICE_LOST} is reported (with every known reader removed) and a new context
 * is tried every second until pcscd answers again ({@link PcscEvent.Type#SERVICE_BACK}). No busy loop: a wait
 * that returns at once twice in a row is followed by a short sleep. {@link #close()} ends the thread (within one
 * timeout) and the thread releases its context.
 */
public final class ReaderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderWatcher.class);
    private static final long RETRY_MS = 1000;
    private static final long QUICK_NS = 20_000_000L;

    /** Receives events on the watcher thread; keep it short. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(PcscEvent event);
    }

    private final Pcsc pcsc;
    private final Listener listener;
    private final long timeoutMs;
    private final Thread thread;
    private final Object sleeper = new Object();
    private volatile boolean running = true;
    private volatile int wakeups;

    private ReaderWatcher(Pcsc pcsc, Listener listener, Duration timeout) {
        this.pcsc = pcsc;
        this.listener = listener;
        this.timeoutMs = Math.max(50, timeout.toMillis());
        this.thread = new Thread(this::run, "pcsc-watcher");
        this.thread.setDaemon(true);
    }

    static ReaderWatcher start(Pcsc pcsc, Listener listener, Duration timeout) {
        ReaderWatcher w = new ReaderWatcher(pcsc, listener, timeout);
        w.thread.start();
        return w;
    }

    /** How many times the thread has woken (a busy-loop guard for tests). */
    public int wakeups() {
        return wakeups;
    }

    private void run() {
        CardTerminals ctx = null;
        Map<String, Boolean> last = new LinkedHashMap<>();
        boolean lost = false;
        int quick = 0;
        while (running) {
            wakeups++;
            try {
                if (ctx == null) {
                    ctx = pcsc.openContext();
                    if (lost) {
                        lost = false;
                        emit(new PcscEvent(PcscEvent.Type.SERVICE_BACK, null));
                    }
                }
                last = diff(last, Pcsc.snapshot(ctx));
                long t0 = System.nanoTime();
                waitForChange(ctx);
                quick = System.nanoTime() - t0 < QUICK_NS ? quick + 1 : 0;
                if (quick >= 2) {
                    pause(50);
                }
            } catch (SmartcardException | CardException | RuntimeException e) {
                if (ctx != null) {
                    Pcsc.release(ctx);
                    ctx = null;
                }
                if (!lost) {
                    lost = true;
                    LOG.info("smartcard service lost: {}", e.getMessage());
                    last = diff(last, List.of());
                    emit(new PcscEvent(PcscEvent.Type.SERVICE_LOST, null));
                }
                pause(RETRY_MS);
            }
        }
        if (ctx != null) {
            Pcsc.release(ctx);
        }
    }

    private void waitForChange(CardTerminals ctx) throws CardException {
        try {
            ctx.waitForChange(timeoutMs);
        } catch (CardException e) {
            if (Errors.code(e) == Errors.SCARD_E_NO_READERS_AVAILABLE) {
                pause(timeoutMs); // no reader to wait on; look again after a timeout
                return;
            }
            throw e;
        }
    }

    private Map<String, Boolean> diff(Map<String, Boolean> before, List<ReaderState> now) {
        Map<String, Boolean> after = new LinkedHashMap<>();
        for (ReaderState r : now) {
            after.put(r.name(), r.cardPresent());
        }
        for (Map.Entry<String, Boolean> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                if (e.getValue()) {
                    emit(new PcscEvent(PcscEvent.Type.CARD_REMOVED, e.getKey()));
                }
                emit(new PcscEvent(PcscEvent.Type.READER_REMOVED, e.getKey()));
            }
        }
        for (Map.Entry<String, Boolean> e : after.entrySet()) {
            Boolean was = before.get(e.getKey());
            if (was == null) {
                emit(new PcscEvent(PcscEvent.Type.READER_ADDED, e.getKey()));
                was = false;
            }
            if (!was && e.getValue()) {
                emit(new PcscEvent(PcscEvent.Type.CARD_INSERTED, e.getKey()));
            } else if (was && !e.getValue()) {
                emit(new PcscEvent(PcscEvent.Type.CARD_REMOVED, e.getKey()));
            }
        }
        return after;
    }

    private void emit(PcscEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("smartcard event listener failed on {}", event, e);
        }
    }

    private void pause(long ms) {
        synchronized (sleeper) {
            if (!running) {
                return;
            }
            try {
                sleeper.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        try {
            thread.join(timeoutMs + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
