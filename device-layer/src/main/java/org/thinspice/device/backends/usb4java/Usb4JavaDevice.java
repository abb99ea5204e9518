package org.thinspice.device.backends.usb4java;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbDeviceListener;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

/**
 * One real device through {@link LibUsbCalls}, following libusbredirhost's claim and release: on open,
 * kernel drivers are detached (automatically where libusb can, else per interface) and every interface
 * claimed; "busy" means another program holds it. On close, interfaces are released and the kernel
 * drivers re-attached. Transfers run as blocking libusb calls on one worker thread per endpoint, so a
 * waiting IN endpoint does not hold up the others; a cancelled transfer's result is dropped. A
 * {@code NO_DEVICE} result means the device was unplugged: the listener hears it once.
 */
public final class Usb4JavaDevice implements UsbDevice {
    /** libusbredirhost's timeouts: control 5 s; bulk and interrupt wait as long as the device does. */
    static final long CONTROL_TIMEOUT_MS = 5000;
    static final long DATA_TIMEOUT_MS = 0;
    private static final int CLEAR_FEATURE = 1;

    private final LibUsbCalls calls;
    private final LibUsbCalls.Found found;
    private final Map<Integer, ExecutorService> workers = new ConcurrentHashMap<>();
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    private final List<Integer> claimed = new ArrayList<>();
    private volatile UsbDeviceListener listener;
    private volatile long handle = -1;
    private volatile boolean gone;
    private int configuration = 1;

    Usb4JavaDevice(LibUsbCalls calls, LibUsbCalls.Found found) {
        this.calls = calls;
        this.found = found;
    }

    @Override
    public UsbDeviceInfo info() {
        return found.info();
    }

    @Override
    public synchronized void open(UsbDeviceListener l) throws UsbBackendException {
        long h = calls.open(found.device());
        if (h < 0) {
            throw new UsbBackendException(what() + " cannot be opened (" + reason((int) h) + ").");
        }
        handle = h;
        listener = l;
        boolean auto = calls.setAutoDetachKernelDriver(h, true) == LibUsbCalls.SUCCESS;
        try {
            for (UsbDeviceInfo.Interface i : found.info().interfaces()) {
                if (!auto && calls.kernelDriverActive(h, i.number()) == 1) {
                    int r = calls.detachKernelDriver(h, i.number());
                    if (r != LibUsbCalls.SUCCESS && r != LibUsbCalls.ERROR_NOT_FOUND
                            && r != LibUsbCalls.ERROR_NOT_SUPPORTED) {
                        throw new UsbBackendException(what() + ": the computer's own driver could not be detached ("
                                + reason(r) + ").");
                    }
                }
                int r = calls.claimInterface(h, i.number());
                if (r != LibUsbCalls.SUCCESS) {
                    if (r == LibUsbCalls.ERROR_BUSY) {
                        throw new org.thinspice.device.backends.UsbDeviceBusyException(what() + " is in use by another program.");
                    }
                    throw new UsbBackendException(what() + ": interface " + i.number() + " could not be claimed ("
                            + reason(r) + ").");
                }
                claimed.add(i.number());
            }
        } catch (UsbBackendException e) {
            release();
            throw e;
        }
    }

    private String what() {
        return "The USB device " + found.info().id() + " (bus " + found.bus() + ", address " + found.address() + ")";
    }

    private String reason(int code) {
        return code == LibUsbCalls.ERROR_ACCESS ? "no permission: a udev rule must give this user access"
                : calls.errorName(code);
    }

    @Override
    public void reset() throws UsbBackendException {
        int r = calls.resetDevice(handle);
        if (r == LibUsbCalls.ERROR_NOT_FOUND || r == LibUsbCalls.ERROR_NO_DEVICE) {
            throw new UsbBackendException(what() + " went away during reset.");
        }
        if (r != LibUsbCalls.SUCCESS) {
            throw new UsbBackendException(what() + " could not be reset (" + reason(r) + ").");
        }
    }

    @Override
    public synchronized int setConfiguration(int c) {
        for (int i : claimed) {
            calls.releaseInterface(handle, i);
        }
        int r = calls.setConfiguration(handle, c);
        for (int i : claimed) {
            calls.claimInterface(handle, i);
        }
        if (r == LibUsbCalls.SUCCESS) {
            configuration = c;
        }
        return status(r);
    }

    @Override
    public synchronized int configuration() {
        return configuration;
    }

    @Override
    public int setAltSetting(int interfaceNumber, int alt) {
        return status(calls.setInterfaceAltSetting(handle, interfaceNumber, alt));
    }

    @Override
    public int altSetting(int interfaceNumber) {
        return found.info().interfaces().stream().anyMatch(i -> i.number() == interfaceNumber) ? 0 : -1;
    }

    @Override
    public void submit(UsbTransfer t, TransferDone done) {
        int key = t.kind() == UsbTransfer.Kind.CONTROL ? 0x100 : t.endpoint();
        ExecutorService w = workers.computeIfAbsent(key, k -> Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "usb4java-" + found.info().id() + "-ep" + Integer.toHexString(k));
            th.setDaemon(true);
            return th;
        }));
        w.execute(() -> run(t, done));
    }

    private void run(UsbTransfer t, TransferDone done) {
        if (cancelled.remove(t.id()) || gone) {
            return;
        }
        byte[] buf = t.in() ? new byte[t.length()] : t.data();
        int r;
        if (t.kind() == UsbTransfer.Kind.CONTROL) {
            if (t.requestType() == 0x02 && t.request() == CLEAR_FEATURE && t.value() == 0 && t.length() == 0) {
                // CLEAR_FEATURE(ENDPOINT_HALT) goes through libusb so the host's stack learns of it too.
                r = calls.clearHalt(handle, t.index() & 0xFF);
            } else {
                r = calls.controlTransfer(handle, t.requestType(), t.request(), t.value(), t.index(), buf, t.length(),
                        CONTROL_TIMEOUT_MS);
            }
        } else {
            r = calls.transfer(handle, t.kind() == UsbTransfer.Kind.INTERRUPT, t.endpoint(), buf, t.length(),
                    DATA_TIMEOUT_MS);
        }
        if (r == LibUsbCalls.ERROR_NO_DEVICE) {
            unplugged();
        }
        if (cancelled.remove(t.id())) {
            return;
        }
        int moved = Math.max(0, r);
        done.completed(t, r < 0 ? status(r) : UsbStatus.SUCCESS, moved,
                t.in() ? java.util.Arrays.copyOf(buf, moved) : new byte[0]);
    }

    private void unplugged() {
        UsbDeviceListener l = listener;
        if (!gone && l != null) {
            gone = true;
            l.onGone(what() + " was unplugged.");
        }
    }

    /** libusb result to usbredir status (libusbredirhost's mapping). */
    static int status(int libusb) {
        return switch (libusb) {
            case LibUsbCalls.SUCCESS -> UsbStatus.SUCCESS;
            case LibUsbCalls.ERROR_TIMEOUT -> UsbStatus.TIMEOUT;
            case LibUsbCalls.ERROR_PIPE -> UsbStatus.STALL;
            case LibUsbCalls.ERROR_OVERFLOW -> UsbStatus.BABBLE;
            case LibUsbCalls.ERROR_INVALID_PARAM -> UsbStatus.INVAL;
            default -> libusb > 0 ? UsbStatus.SUCCESS : UsbStatus.IOERROR;
        };
    }

    @Override
    public void cancel(long transferId) {
        cancelled.add(transferId);
    }

    @Override
    public synchronized void close() {
        listener = null;
        for (ExecutorService w : workers.values()) {
            w.shutdownNow();
        }
        workers.clear();
        cancelled.clear();
        release();
    }

    /** Releases what open() took, gives interfaces back to the kernel's drivers, closes the handle. */
    private void release() {
        long h = handle;
        if (h < 0) {
            return;
        }
        calls.setAutoDetachKernelDriver(h, false);
        for (int i : claimed) {
            calls.releaseInterface(h, i);
        }
        for (UsbDeviceInfo.Interface i : found.info().interfaces()) {
            // NOT_FOUND, NO_DEVICE, NOT_SUPPORTED and BUSY are expected here and ignored, as libusbredirhost does.
            calls.attachKernelDriver(h, i.number());
        }
        claimed.clear();
        calls.close(h);
        handle = -1;
    }

    /** Interfaces claimed now (for tests and diagnostics). */
    synchronized List<Integer> claimed() {
        return List.copyOf(claimed);
    }
}
