package org.thinspice.device.backends.usb4java;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbBackendException;

/**
 * Real USB devices through libusb (usb4java). {@link #open} refuses with a sentence for people when the
 * computer has no USB subsystem at all (no {@code /sys/bus/usb}, as on this project's build machine),
 * instead of failing later in native code. Hubs and root hubs are never offered, as in spice-gtk.
 *
 * <p>One daemon thread ("usb4java-events") runs libusb's event handling for the whole backend: it
 * completes every asynchronous transfer and, where libusb has hotplug support, delivers plug and unplug
 * events. Without hotplug support the same thread compares the device list every {@link #POLL_MS} ms
 * instead, while someone {@linkplain #watch watches}. People-facing notifications (a {@link BusListener},
 * a device's {@code onGone}) run on a second daemon thread, so a listener that takes locks never stalls
 * transfer completions.
 */
public final class Usb4JavaBackend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Usb4JavaBackend.class);
    /** How long one round of libusb event handling waits when nothing happens (bounds the stop time). */
    static final long EVENT_TIMEOUT_MS = 200;
    /** The device-list comparison interval where libusb has no hotplug support. */
    static final long POLL_MS = 2000;
    /** How long {@link #close} waits for open devices' cancelled transfers to come back. */
    static final long DRAIN_MS = 5000;

    /** Plug and unplug of redirectable devices (never hubs), on the notification thread. */
    public interface BusListener {
        void arrived(LibUsbCalls.Found found);

        void left(LibUsbCalls.Found found);
    }

    private final LibUsbCalls calls;
    private final boolean hotplug;
    private final long pollMs;
    private final List<BusListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Usb4JavaDevice> open = new ConcurrentHashMap<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "usb4java-notify");
        t.setDaemon(true);
        return t;
    });
    private final Thread events;
    private volatile boolean running = true;
    private boolean closed;
    /** Devices seen by the last comparison (no-hotplug fallback only). Guarded by this. */
    private Map<Long, LibUsbCalls.Found> polled;
    private long nextPoll;

    private Usb4JavaBackend(LibUsbCalls calls, long pollMs) {
        this.calls = calls;
        this.pollMs = pollMs;
        boolean hp = false;
        if (calls.hasHotplug()) {
            int r = calls.registerHotplug(new LibUsbCalls.Hotplug() {
                @Override
                public void arrived(LibUsbCalls.Found f) {
                    if (redirectable(f)) {
                        notifyListeners(f, true);
                    }
                }

                @Override
                public void left(LibUsbCalls.Found f) {
                    departed(f);
                }
            });
            hp = r == LibUsbCalls.SUCCESS;
            if (!hp) {
                LOG.warn("usb4java: libusb hotplug registration failed ({}); comparing the device list every {} ms",
                        calls.errorName(r), pollMs);
            }
        }
        hotplug = hp;
        if (hp) {
            LOG.info("usb4java: plug and unplug come from libusb's hotplug events");
        } else if (!calls.hasHotplug()) {
            LOG.info("usb4java: this libusb has no hotplug support; comparing the device list every {} ms", pollMs);
        }
        events = new Thread(this::eventLoop, "usb4java-events");
        events.setDaemon(true);
        events.start();
    }

    /** The backend on this computer's libusb. */
    public static Usb4JavaBackend open() throws UsbBackendException {
        return open(Path.of("/sys/bus/usb"), Usb4JavaCalls::new);
    }

    /** @param sysBusUsb where the kernel's USB subsystem shows in sysfs (a seam for tests) */
    public static Usb4JavaBackend open(Path sysBusUsb, Supplier<LibUsbCalls> libusb) throws UsbBackendException {
        return open(sysBusUsb, libusb, POLL_MS);
    }

    static Usb4JavaBackend open(Path sysBusUsb, Supplier<LibUsbCalls> libusb, long pollMs)
            throws UsbBackendException {
        if (!Files.isDirectory(sysBusUsb)) {
            throw new UsbBackendException("This computer has no USB subsystem (" + sysBusUsb
                    + " is missing), so no USB device can be redirected.");
        }
        LibUsbCalls calls;
        try {
            calls = libusb.get();
        } catch (LinkageError e) {
            throw new UsbBackendException("The USB library (libusb through usb4java) cannot be loaded on this "
                    + "computer: " + e.getMessage(), e);
        }
        int r = calls.init();
        if (r != LibUsbCalls.SUCCESS) {
            throw new UsbBackendException("The USB library could not start (" + calls.errorName(r) + ").");
        }
        return new Usb4JavaBackend(calls, pollMs);
    }

    /** Whether plug and unplug come from libusb's hotplug events (else from comparing device lists). */
    public boolean hotplug() {
        return hotplug;
    }

    /** Reports plug and unplug to {@code l} from now on (devices present now are not reported). */
    public void watch(BusListener l) {
        listeners.add(l);
        seedPolling();
    }

    /** Without hotplug: the list the next comparison starts from, taken now, so nothing present is "new". */
    private synchronized void seedPolling() {
        if (!hotplug && polled == null) {
            polled = snapshot();
        }
    }

    private Map<Long, LibUsbCalls.Found> snapshot() {
        int[] error = {0};
        List<LibUsbCalls.Found> all = calls.devices(error);
        if (error[0] < 0) {
            return null;
        }
        Map<Long, LibUsbCalls.Found> current = new HashMap<>();
        for (LibUsbCalls.Found f : all) {
            current.put(f.device(), f);
        }
        return current;
    }

    public void unwatch(BusListener l) {
        listeners.remove(l);
    }

    private static boolean redirectable(LibUsbCalls.Found f) {
        return f.info().deviceClass() != 0x09 && f.address() > 1 && f.address() != 0xff;
    }

    /** The devices on the bus that can be redirected: no hubs (class 0x09), no root hubs (address 0xff or ≤ 1). */
    public List<LibUsbCalls.Found> devices() throws UsbBackendException {
        int[] error = {0};
        List<LibUsbCalls.Found> all = calls.devices(error);
        if (error[0] < 0) {
            throw new UsbBackendException("The USB devices could not be listed (" + calls.errorName(error[0]) + ").");
        }
        return all.stream().filter(Usb4JavaBackend::redirectable).toList();
    }

    /** A device found by {@link #devices} as a redirectable {@link Usb4JavaDevice} (opened on attach). */
    public Usb4JavaDevice device(LibUsbCalls.Found found) {
        return new Usb4JavaDevice(calls, found, this);
    }

    void opened(Usb4JavaDevice d) {
        open.put(d.found().device(), d);
        seedPolling();
    }

    void released(Usb4JavaDevice d) {
        open.remove(d.found().device(), d);
    }

    /** A device left: an open one hears it at once (its transfers end with "no device" from libusb). */
    private void departed(LibUsbCalls.Found f) {
        Usb4JavaDevice d = open.get(f.device());
        if (d != null) {
            d.unplugged();
        }
        if (redirectable(f)) {
            notifyListeners(f, false);
        }
    }

    private void notifyListeners(LibUsbCalls.Found f, boolean arrived) {
        notify(() -> {
            for (BusListener l : listeners) {
                try {
                    if (arrived) {
                        l.arrived(f);
                    } else {
                        l.left(f);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("usb4java: a USB listener failed", e);
                }
            }
        });
    }

    /** Runs {@code r} on the notification thread (never on the events thread, never under a caller's lock). */
    void notify(Runnable r) {
        try {
            notifier.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: nobody listens any more
        }
    }

    boolean eventsThreadAlive() {
        return events.isAlive();
    }

    private void eventLoop() {
        while (running) {
            int r = calls.handleEvents(EVENT_TIMEOUT_MS);
            if (r < 0 && r != LibUsbCalls.ERROR_TIMEOUT && r != -10 /* LIBUSB_ERROR_INTERRUPTED */) {
                LOG.warn("usb4java: libusb event handling failed ({})", calls.errorName(r));
                sleepQuietly(EVENT_TIMEOUT_MS); // a failing libusb must not turn this into a busy loop
            }
            if (!hotplug && running) {
                poll();
            }
        }
    }

    /** The no-hotplug fallback: compare the device list with the last one, while someone watches. */
    private synchronized void poll() {
        long now = System.nanoTime();
        if (listeners.isEmpty() && open.isEmpty()) {
            polled = null;
            return;
        }
        if (polled != null && now - nextPoll < 0) {
            return;
        }
        nextPoll = now + TimeUnit.MILLISECONDS.toNanos(pollMs);
        Map<Long, LibUsbCalls.Found> current = snapshot();
        if (current == null) {
            return;
        }
        if (polled != null) {
            for (LibUsbCalls.Found f : polled.values()) {
                if (!current.containsKey(f.device())) {
                    departed(f);
                }
            }
            for (LibUsbCalls.Found f : current.values()) {
                if (!polled.containsKey(f.device()) && redirectable(f)) {
                    notifyListeners(f, true);
                }
            }
        }
        polled = current;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Gives back every device still open (their transfers cancelled and seen back first), stops the
     * events thread, then stops libusb.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Usb4JavaDevice d : List.copyOf(open.values())) {
            d.close();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
        for (Usb4JavaDevice d : List.copyOf(open.values())) {
            if (!d.awaitReleased(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))) {
                LOG.warn("usb4java: {} still has transfers in flight after {} ms; closing anyway", d.info().id(),
                        DRAIN_MS);
                d.forceRelease();
            }
        }
        running = false;
        if (hotplug) {
            calls.deregisterHotplug(); // also wakes the events thread
        }
        if (Thread.currentThread() != events) {
            try {
                events.join(EVENT_TIMEOUT_MS * 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        notifier.shutdown();
        calls.exit();
    }
}
