package org.thinspice.device.backends.usb4java;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * libusb as a script: records every call, answers from settable results. Like libusb, asynchronous
 * completions and hotplug events run only inside {@link #handleEvents}, on the caller's (the backend's
 * events) thread. With {@link #autoComplete} a submitted transfer completes at once from
 * {@link #transferResult} and {@link #inData}; without it the test completes each one with
 * {@link #complete}, in any order.
 */
public final class FakeLibUsb implements LibUsbCalls {
    final List<String> calls = new ArrayList<>();
    public final List<Found> bus = new CopyOnWriteArrayList<>();
    volatile boolean hotplugCapable = true;
    volatile boolean autoComplete = true;
    /** When set, a cancelled transfer stays in flight until the test {@linkplain #complete completes} it. */
    volatile boolean holdCancels;
    volatile Hotplug hotplug;
    final AtomicInteger handleEventsCalls = new AtomicInteger();
    final LibusbEventQueue events = new LibusbEventQueue();
    private final AtomicLong tokens = new AtomicLong(100);
    /** Submitted and not yet completed, by transfer number; guarded by this. */
    final Map<Long, Submitted> inFlight = new LinkedHashMap<>();

    record Submitted(long token, int endpoint, int length, Completion done) {
    }
    int initResult = SUCCESS;
    /** What open answers, one value per call, before it answers a handle (e.g. "no permission" first). */
    final java.util.Deque<Long> openResults = new java.util.concurrent.ConcurrentLinkedDeque<>();
    int autoDetachResult = SUCCESS;
    final Map<Integer, Integer> claimResults = new HashMap<>();
    final Map<Integer, Integer> kernelDriverActive = new HashMap<>();
    IntSupplier transferResult = () -> SUCCESS;
    byte[] inData = new byte[0];

    private synchronized void log(String s) {
        calls.add(s);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public int init() {
        log("init");
        return initResult;
    }

    @Override
    public void exit() {
        log("exit");
    }

    @Override
    public List<Found> devices(int[] error) {
        return List.copyOf(bus);
    }

    @Override
    public long open(long device) {
        log("open " + device);
        Long r = openResults.poll();
        return r != null ? r : 42;
    }

    @Override
    public void close(long handle) {
        log("close " + handle);
    }

    @Override
    public int setAutoDetachKernelDriver(long handle, boolean enable) {
        log("autodetach " + enable);
        return enable ? autoDetachResult : SUCCESS;
    }

    @Override
    public int kernelDriverActive(long handle, int i) {
        return kernelDriverActive.getOrDefault(i, 0);
    }

    @Override
    public int detachKernelDriver(long handle, int i) {
        log("detach " + i);
        return SUCCESS;
    }

    @Override
    public int attachKernelDriver(long handle, int i) {
        log("attach " + i);
        return ERROR_NOT_FOUND;
    }

    @Override
    public int claimInterface(long handle, int i) {
        log("claim " + i);
        return claimResults.getOrDefault(i, SUCCESS);
    }

    @Override
    public int releaseInterface(long handle, int i) {
        log("release " + i);
        return SUCCESS;
    }

    @Override
    public int resetDevice(long handle) {
        log("reset");
        return SUCCESS;
    }

    @Override
    public int setConfiguration(long handle, int c) {
        log("config " + c);
        return SUCCESS;
    }

    @Override
    public int setInterfaceAltSetting(long handle, int i, int alt) {
        log("alt " + i + " " + alt);
        return SUCCESS;
    }

    @Override
    public int clearHalt(long handle, int endpoint) {
        log("clearhalt " + Integer.toHexString(endpoint));
        return SUCCESS;
    }

    @Override
    public int controlTransfer(long handle, int requestType, int request, int value, int index, byte[] buffer,
            int length, long timeoutMs) {
        log("control " + Integer.toHexString(requestType) + " " + request + " timeout " + timeoutMs);
        int r = transferResult.getAsInt();
        if (r < 0) {
            return r;
        }
        int n = Math.min(length, inData.length);
        System.arraycopy(inData, 0, buffer, 0, n);
        return n;
    }

    @Override
    public int transfer(long handle, boolean interrupt, int endpoint, byte[] buffer, int length, long timeoutMs) {
        log((interrupt ? "interrupt " : "bulk ") + Integer.toHexString(endpoint) + " " + length);
        int r = transferResult.getAsInt();
        if (r < 0) {
            return r;
        }
        if ((endpoint & 0x80) != 0) {
            int n = Math.min(length, inData.length);
            System.arraycopy(inData, 0, buffer, 0, n);
            return n;
        }
        return length;
    }

    @Override
    public String errorName(int code) {
        return "LIBUSB_ERROR_" + (-code);
    }

    @Override
    public boolean hasHotplug() {
        return hotplugCapable;
    }

    @Override
    public int registerHotplug(Hotplug h) {
        log("hotplug register");
        hotplug = h;
        return SUCCESS;
    }

    @Override
    public void deregisterHotplug() {
        log("hotplug deregister");
        hotplug = null;
        events.add(() -> { }); // libusb wakes the event handler
    }

    @Override
    public int handleEvents(long timeoutMs) {
        handleEventsCalls.incrementAndGet();
        return events.handle(timeoutMs);
    }

    @Override
    public long submitControl(long handle, int requestType, int request, int value, int index, byte[] data,
            int length, long timeoutMs, Completion done) {
        log("submit control " + Integer.toHexString(requestType) + " " + request + " timeout " + timeoutMs);
        return submitted(requestType & 0x80, length, done);
    }

    @Override
    public long submitTransfer(long handle, boolean interrupt, int endpoint, byte[] data, int length,
            long timeoutMs, Completion done) {
        log("submit " + (interrupt ? "interrupt " : "bulk ") + Integer.toHexString(endpoint) + " " + length);
        return submitted(endpoint, length, done);
    }

    @Override
    public long submitIso(long handle, int endpoint, byte[] data, int length, long timeoutMs, Completion done) {
        log("submit iso " + Integer.toHexString(endpoint) + " " + length + " timeout " + timeoutMs);
        return submitted(endpoint, length, done);
    }

    private synchronized long submitted(int endpoint, int length, Completion done) {
        long token = tokens.incrementAndGet();
        inFlight.put(token, new Submitted(token, endpoint, length, done));
        if (autoComplete) {
            int r = transferResult.getAsInt();
            int status = switch (r) {
                case SUCCESS -> TRANSFER_COMPLETED;
                case ERROR_PIPE -> TRANSFER_STALL;
                case ERROR_TIMEOUT -> TRANSFER_TIMED_OUT;
                case ERROR_NO_DEVICE -> TRANSFER_NO_DEVICE;
                default -> TRANSFER_ERROR;
            };
            boolean in = (endpoint & 0x80) != 0;
            byte[] d = in && status == TRANSFER_COMPLETED ? java.util.Arrays.copyOf(inData,
                    Math.min(length, inData.length)) : new byte[0];
            complete(token, status, in ? d.length : status == TRANSFER_COMPLETED ? length : 0, d);
        }
        return token;
    }

    /** Completes a submitted transfer as libusb would: on the events thread, soon. */
    synchronized void complete(long token, int status, int actualLength, byte[] in) {
        Submitted s = inFlight.remove(token);
        if (s == null) {
            throw new IllegalStateException("transfer " + token + " is not in flight");
        }
        events.add(() -> {
            log("done " + token + " " + status);
            s.done().done(status, actualLength, in);
        });
    }

    synchronized List<Submitted> submittedNow() {
        return List.copyOf(inFlight.values());
    }

    @Override
    public synchronized int cancelTransfer(long token) {
        log("cancel " + token);
        if (!inFlight.containsKey(token)) {
            return ERROR_NOT_FOUND;
        }
        if (holdCancels) {
            return SUCCESS;
        }
        complete(token, TRANSFER_CANCELLED, 0, new byte[0]);
        return SUCCESS;
    }

    /** A device plugged in: on the bus, and a hotplug event where libusb has them. */
    void plug(Found f) {
        bus.add(f);
        Hotplug h = hotplug;
        if (hotplugCapable && h != null) {
            events.add(() -> h.arrived(f));
        }
    }

    /** A device pulled out: its transfers end with "no device", then the hotplug event (libusb's order). */
    synchronized void unplug(Found f) {
        bus.remove(f);
        for (Long t : List.copyOf(inFlight.keySet())) {
            complete(t, TRANSFER_NO_DEVICE, 0, new byte[0]);
        }
        Hotplug h = hotplug;
        if (hotplugCapable && h != null) {
            events.add(() -> h.left(f));
        }
    }
}
