package org.thinspice.device.backends.usb4java;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbDeviceListener;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

/**
 * One real device through {@link LibUsbCalls}, following libusbredirhost's claim and release: on open,
 * kernel drivers are detached (automatically where libusb can, else per interface) and every interface
 * claimed; "busy" means another program holds it.
 *
 * <p>Control, bulk, interrupt and isochronous transfers go to libusb's asynchronous API: {@link #submit}
 * returns at once, any number may be in flight per endpoint, and the backend's events thread completes
 * them in whatever order the device finishes them (an isochronous transfer carries one packet: the
 * host's iso streams keep as many in flight as the guest asked for). {@link #cancel} is
 * {@code libusb_cancel_transfer}; the cancelled transfer's own completion is then dropped (the host has
 * answered it already). Only CLEAR_FEATURE(ENDPOINT_HALT) stays synchronous ({@code libusb_clear_halt},
 * a short ioctl, on the caller's thread).
 *
 * <p>Interrupt receiving (the guest's {@code start_interrupt_receiving}, how QEMU reads every interrupt IN
 * endpoint: keyboards, signature pads, barcode scanners) keeps {@link #INTERRUPT_TRANSFERS} interrupt
 * transfers of the endpoint's packet size in flight and hands each report to the host, resubmitting from
 * the completion, as libusbredirhost does. A stall ends the polling and the host tells the guest, which
 * starts it again once it has cleared the halt; other errors are reported and polling goes on, up to
 * {@link #MAX_POLL_ERRORS} in a row.
 *
 * <p>Alternate settings are followed: after a SET_INTERFACE, {@link #info()} describes that interface's
 * endpoints at the new setting (a headset's streaming interface has its isochronous endpoint only at
 * setting 1 and above), so the guest is sent the endpoints the device now has.
 *
 * <p>Unplug (a hotplug or polling departure, or a transfer ending with "no device") is reported once to
 * the listener, on the backend's notification thread; libusb then completes every transfer in flight
 * with "no device", which reaches the host as {@code ioerror}. On {@link #close} every transfer in flight
 * is cancelled, and only when the last one's completion has come back are the interfaces released, the
 * kernel drivers re-attached and the handle closed (at once when nothing is in flight).
 */
public final class Usb4JavaDevice implements UsbDevice {
    private static final Logger LOG = LoggerFactory.getLogger(Usb4JavaDevice.class);
    /** libusbredirhost's timeouts: control 5 s; bulk and interrupt wait as long as the device does. */
    static final long CONTROL_TIMEOUT_MS = 5000;
    static final long DATA_TIMEOUT_MS = 0;
    /** libusbredirhost's ISO_TIMEOUT: an isochronous packet is due within a frame or never. */
    static final long ISO_TIMEOUT_MS = 1000;
    /** Interrupt transfers kept in flight per endpoint being received (libusbredirhost's INTERRUPT_TRANSFER_COUNT). */
    public static final int INTERRUPT_TRANSFERS = 5;
    /** Errors in a row (other than a stall) after which an interrupt endpoint is no longer polled. */
    static final int MAX_POLL_ERRORS = 5;
    /** How long {@link #open} waits for an earlier close's cancelled transfers to come back. */
    static final long REOPEN_WAIT_MS = 2000;
    /**
     * How long {@link #open} keeps trying a device it may not open yet ("no permission"): a device found by
     * a scan of the bus (the no-hotplug fallback, a rescan) can be seen before udev has given its node to
     * the kiosk's group (70-thinspice-kiosk-usb.rules); libusb's own hotplug events come after udev's rules.
     */
    static final long ACCESS_WAIT_MS = 3000;
    private static final int CLEAR_FEATURE = 1;
    private static final byte[] NONE = new byte[0];

    /** A transfer handed to libusb: {@code token} once libusb took it (0 before). Guarded by {@code lock}. */
    private static final class Pending {
        final long seq;
        final UsbTransfer transfer;
        final TransferDone done;
        long token;
        boolean cancelled;

        Pending(long seq, UsbTransfer transfer, TransferDone done) {
            this.seq = seq;
            this.transfer = transfer;
            this.done = done;
        }
    }

    private final LibUsbCalls calls;
    private final LibUsbCalls.Found found;
    private final Usb4JavaBackend backend;
    private final Object lock = new Object();
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final List<Integer> claimed = new ArrayList<>();
    private long seq;
    /** Closed, waiting for cancelled transfers before releasing. Guarded by {@code lock}. */
    private boolean closing;
    private volatile UsbDeviceListener listener;
    private volatile long handle = -1;
    private volatile boolean gone;
    private int configuration = 1;
    /** What the guest is told the device has now: {@code found.info()} with the alternate settings in force. */
    private volatile UsbDeviceInfo current;
    /** Alternate settings other than 0 now in force, by interface. Guarded by this. */
    private final Map<Integer, Integer> alts = new java.util.HashMap<>();
    /** Interrupt IN endpoints being polled. Guarded by {@code lock}. */
    private final Map<Integer, InterruptPoll> polls = new java.util.HashMap<>();
    /** Ids of the transfers this backend submits on its own (interrupt polling): negative, never a guest's. */
    private long pollIds = Long.MIN_VALUE;

    /** One interrupt IN endpoint being received; its transfers are in {@code pending} as any other. */
    private final class InterruptPoll {
        final int endpoint;
        final int packetSize;
        final InterruptSink sink;
        final java.util.Set<Long> inFlight = new java.util.HashSet<>();
        boolean active = true;
        int errorsInARow;

        InterruptPoll(int endpoint, int packetSize, InterruptSink sink) {
            this.endpoint = endpoint;
            this.packetSize = packetSize;
            this.sink = sink;
        }
    }

    Usb4JavaDevice(LibUsbCalls calls, LibUsbCalls.Found found, Usb4JavaBackend backend) {
        this.calls = calls;
        this.found = found;
        this.backend = backend;
        this.current = found.info();
    }

    LibUsbCalls.Found found() {
        return found;
    }

    @Override
    public UsbDeviceInfo info() {
        return current;
    }

    @Override
    public void open(UsbDeviceListener l) throws UsbBackendException {
        // Not under this object's lock: the release being waited for takes it on the events thread.
        if (!awaitReleased(REOPEN_WAIT_MS)) {
            // Closing the handle under transfers libusb still holds is undefined behaviour in libusb: refuse.
            LOG.warn("{}: transfers of the last redirection still in flight after {} ms", found.info().id(),
                    REOPEN_WAIT_MS);
            throw new UsbBackendException(what() + " is still being given back from its last redirection; "
                    + "try again in a moment.");
        }
        openClaiming(l);
    }

    private synchronized void openClaiming(UsbDeviceListener l) throws UsbBackendException {
        long h = calls.open(found.device());
        long deadline = System.nanoTime() + ACCESS_WAIT_MS * 1_000_000L;
        while (h == LibUsbCalls.ERROR_ACCESS && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            h = calls.open(found.device());
        }
        if (h < 0) {
            throw new UsbBackendException(what() + " cannot be opened (" + reason((int) h) + ").");
        }
        handle = h;
        listener = l;
        gone = false;
        backend.opened(this);
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
        if (c == configuration) {
            // Already in force: answered at once, nothing touched. Releasing the interfaces here
            // would give them back to the terminal's driver (auto-detach re-attaches on release), and the
            // kernel then refuses the change as busy: the desktop's guest said "can't set config #1,
            // error -71" for a stick redirected from the terminal image (test-image, THINSPICE_IMAGE_USB=1).
            return status(LibUsbCalls.SUCCESS);
        }
        // a real change: the interfaces are released without giving them back to the terminal's drivers
        calls.setAutoDetachKernelDriver(handle, false);
        for (int i : claimed) {
            calls.releaseInterface(handle, i);
        }
        int r = calls.setConfiguration(handle, c);
        calls.setAutoDetachKernelDriver(handle, true);
        for (int i : claimed) {
            calls.claimInterface(handle, i);
        }
        if (r == LibUsbCalls.SUCCESS) {
            configuration = c;
            alts.clear(); // a new configuration starts every interface at setting 0
            current = found.info();
        }
        return status(r);
    }

    @Override
    public synchronized int configuration() {
        return configuration;
    }

    @Override
    public synchronized int setAltSetting(int interfaceNumber, int alt) {
        int r = calls.setInterfaceAltSetting(handle, interfaceNumber, alt);
        if (r == LibUsbCalls.SUCCESS) {
            if (alt == 0) {
                alts.remove(interfaceNumber);
            } else {
                alts.put(interfaceNumber, alt);
            }
            current = withAltSettings();
        }
        return status(r);
    }

    @Override
    public synchronized int altSetting(int interfaceNumber) {
        if (found.info().interfaces().stream().noneMatch(i -> i.number() == interfaceNumber)) {
            return -1;
        }
        return alts.getOrDefault(interfaceNumber, 0);
    }

    /**
     * The device's description with every interface's endpoints at its setting in force. An interface whose
     * setting libusb did not describe keeps the endpoints it had (the device accepted the setting; the
     * guest read the descriptors itself).
     */
    private UsbDeviceInfo withAltSettings() {
        UsbDeviceInfo base = found.info();
        List<UsbDeviceInfo.Endpoint> eps = new ArrayList<>();
        for (UsbDeviceInfo.Interface i : base.interfaces()) {
            List<UsbDeviceInfo.Endpoint> at = found.endpoints(i.number(), alts.getOrDefault(i.number(), 0));
            if (at == null) {
                at = current.endpoints().stream().filter(e -> e.interfaceNumber() == i.number()).toList();
            }
            eps.addAll(at);
        }
        return new UsbDeviceInfo(base.speed(), base.deviceClass(), base.deviceSubclass(), base.deviceProtocol(),
                base.vendorId(), base.productId(), base.deviceVersionBcd(), base.product(), base.interfaces(), eps);
    }

    @Override
    public void submit(UsbTransfer t, TransferDone done) {
        long h = handle;
        if (t.kind() == UsbTransfer.Kind.CONTROL && t.requestType() == 0x02 && t.request() == CLEAR_FEATURE
                && t.value() == 0 && t.length() == 0) {
            // CLEAR_FEATURE(ENDPOINT_HALT) goes through libusb so the host's stack learns of it too.
            int r = h < 0 || gone ? LibUsbCalls.ERROR_NO_DEVICE : calls.clearHalt(h, t.index() & 0xFF);
            if (r == LibUsbCalls.ERROR_NO_DEVICE) {
                unplugged();
            }
            done.completed(t, status(r), 0, NONE);
            return;
        }
        Pending p;
        synchronized (lock) {
            if (h < 0 || gone || closing) {
                p = null;
            } else {
                p = new Pending(++seq, t, done);
                pending.put(p.seq, p);
            }
        }
        if (p == null) {
            done.completed(t, UsbStatus.IOERROR, 0, NONE);
            return;
        }
        LibUsbCalls.Completion c = (st, n, in) -> finished(p, st, n, in);
        long token = switch (t.kind()) {
            case CONTROL -> calls.submitControl(h, t.requestType(), t.request(), t.value(), t.index(), t.data(),
                    t.length(), CONTROL_TIMEOUT_MS, c);
            case ISO -> calls.submitIso(h, t.endpoint(), t.data(), t.length(), ISO_TIMEOUT_MS, c);
            default -> calls.submitTransfer(h, t.kind() == UsbTransfer.Kind.INTERRUPT, t.endpoint(), t.data(),
                    t.length(), DATA_TIMEOUT_MS, c);
        };
        if (token < 0) {
            Settled s = settle(p);
            if (token == LibUsbCalls.ERROR_NO_DEVICE) {
                unplugged();
            }
            if (s.deliver()) {
                done.completed(t, status((int) token), 0, NONE);
            }
            if (s.releaseNow()) {
                release();
            }
            return;
        }
        boolean cancelNow;
        synchronized (lock) {
            p.token = token;
            cancelNow = p.cancelled && pending.containsKey(p.seq);
        }
        if (cancelNow) {
            calls.cancelTransfer(token);
        }
    }

    /** What an ended transfer (submit refused, or completed) leaves to do: answer it, and release the device. */
    private record Settled(boolean deliver, boolean releaseNow) {
    }

    /** Forgets the ended transfer {@code p}: it is answered unless cancelled; the last one of a closing device releases it. */
    private Settled settle(Pending p) {
        synchronized (lock) {
            pending.remove(p.seq);
            return new Settled(!p.cancelled, closing && pending.isEmpty());
        }
    }

    /** libusb's completion of one transfer (events thread). */
    private void finished(Pending p, int transferStatus, int n, byte[] in) {
        Settled s = settle(p);
        if (transferStatus == LibUsbCalls.TRANSFER_NO_DEVICE) {
            unplugged();
        }
        if (s.deliver()) {
            try {
                p.done.completed(p.transfer, transferStatus(transferStatus), Math.max(0, n),
                        p.transfer.in() ? in : NONE);
            } catch (RuntimeException e) {
                LOG.warn("{}: a transfer's completion failed", found.info().id(), e);
            }
        }
        if (s.releaseNow()) {
            release();
        }
    }

    /** The device left the bus: the listener hears it once, on the notification thread. */
    void unplugged() {
        UsbDeviceListener l = listener;
        synchronized (lock) {
            if (gone || l == null) {
                return;
            }
            gone = true;
        }
        String reason = what() + " was unplugged.";
        backend.notify(() -> l.onGone(reason));
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

    /** libusb transfer status to usbredir status (libusbredirhost's mapping). */
    static int transferStatus(int libusb) {
        return switch (libusb) {
            case LibUsbCalls.TRANSFER_COMPLETED -> UsbStatus.SUCCESS;
            case LibUsbCalls.TRANSFER_CANCELLED -> UsbStatus.CANCELLED;
            case LibUsbCalls.TRANSFER_STALL -> UsbStatus.STALL;
            case LibUsbCalls.TRANSFER_TIMED_OUT -> UsbStatus.TIMEOUT;
            case LibUsbCalls.TRANSFER_OVERFLOW -> UsbStatus.BABBLE;
            default -> UsbStatus.IOERROR; // error, no device
        };
    }

    @Override
    public int startInterruptReceiving(int endpoint, InterruptSink sink) {
        UsbDeviceInfo.Endpoint e = current.endpoints().stream().filter(x -> x.address() == endpoint).findFirst()
                .orElse(null);
        if (e == null || e.type() != 3 || (endpoint & 0x80) == 0) {
            return UsbStatus.INVAL;
        }
        // wMaxPacketSize: bits 0-10 the size, 11-12 extra transactions per microframe (high-bandwidth endpoints)
        int size = (e.maxPacketSize() & 0x7FF) * (1 + ((e.maxPacketSize() >> 11) & 3));
        InterruptPoll poll = new InterruptPoll(endpoint, Math.max(1, size), sink);
        InterruptPoll old;
        synchronized (lock) {
            if (handle < 0 || gone || closing) {
                return UsbStatus.IOERROR;
            }
            old = polls.put(endpoint, poll);
        }
        if (old != null) {
            stopPoll(old);
        }
        for (int i = 0; i < INTERRUPT_TRANSFERS; i++) {
            pollOnce(poll);
        }
        return UsbStatus.SUCCESS;
    }

    @Override
    public void stopInterruptReceiving(int endpoint) {
        InterruptPoll poll;
        synchronized (lock) {
            poll = polls.remove(endpoint);
        }
        if (poll != null) {
            stopPoll(poll);
        }
    }

    private void stopPoll(InterruptPoll poll) {
        List<Long> ids;
        synchronized (lock) {
            poll.active = false;
            ids = List.copyOf(poll.inFlight);
            poll.inFlight.clear();
        }
        ids.forEach(this::cancel);
    }

    /** Submits one interrupt IN transfer for {@code poll}; its completion reports and submits the next. */
    private void pollOnce(InterruptPoll poll) {
        long id;
        synchronized (lock) {
            if (!poll.active) {
                return;
            }
            id = pollIds++;
            poll.inFlight.add(id);
        }
        submit(new UsbTransfer(id, UsbTransfer.Kind.INTERRUPT, poll.endpoint, 0, 0, 0, 0, poll.packetSize, NONE),
                (t, status, n, in) -> polled(poll, t.id(), status, n, in));
    }

    /**
     * One polled transfer ended. A report goes to the host and the next transfer is submitted. A stall ends
     * the polling and the guest is told (QEMU then restarts it after clearing the halt); so do
     * {@link #MAX_POLL_ERRORS} other errors in a row, each reported to the guest, or the device going away.
     */
    private void polled(InterruptPoll poll, long id, int status, int n, byte[] in) {
        boolean stop;
        synchronized (lock) {
            if (!poll.inFlight.remove(id) || !poll.active) {
                return; // stopped meanwhile
            }
            poll.errorsInARow = status == UsbStatus.SUCCESS ? 0 : poll.errorsInARow + 1;
            stop = status == UsbStatus.STALL || gone || handle < 0 || poll.errorsInARow >= MAX_POLL_ERRORS;
            if (stop) {
                poll.active = false;
                polls.remove(poll.endpoint, poll);
            }
        }
        if (!stop) {
            poll.sink.report(status, status == UsbStatus.SUCCESS ? java.util.Arrays.copyOf(in, n) : NONE);
            pollOnce(poll);
            return;
        }
        stopPoll(poll); // the other transfers of this endpoint
        if (!gone) {
            LOG.info("{}: interrupt endpoint {} stopped ({})", found.info().id(), Integer.toHexString(poll.endpoint),
                    UsbStatus.name(status));
            poll.sink.stopped(status);
        }
    }

    @Override
    public void cancel(long transferId) {
        long token = 0;
        synchronized (lock) {
            for (Pending p : pending.values()) {
                if (p.transfer.id() == transferId && !p.cancelled) {
                    p.cancelled = true;
                    token = p.token;
                    break;
                }
            }
        }
        if (token > 0) {
            calls.cancelTransfer(token);
        }
    }

    /**
     * Gives the device back: cancels every transfer in flight; the release (interfaces, kernel drivers,
     * handle) follows the last cancelled transfer's completion, or happens now when none is in flight.
     * Never waits, so it is safe from any thread, the events thread included.
     */
    @Override
    public void close() {
        List<Long> tokens = new ArrayList<>();
        boolean releaseNow;
        synchronized (lock) {
            listener = null;
            if (handle < 0 || closing) {
                return;
            }
            closing = true;
            for (InterruptPoll poll : polls.values()) {
                poll.active = false;
            }
            polls.clear();
            for (Pending p : pending.values()) {
                if (!p.cancelled && p.token > 0) { // those the host cancelled already are on their way back
                    tokens.add(p.token);
                }
                p.cancelled = true;
            }
            releaseNow = pending.isEmpty();
        }
        for (long t : tokens) {
            calls.cancelTransfer(t);
        }
        if (releaseNow) {
            release();
        }
    }

    /** Waits until an earlier {@link #close} has released the device; false when still waiting after {@code ms}. */
    boolean awaitReleased(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        synchronized (lock) {
            while (closing) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Releases although transfers never came back (their completions are dropped): only as libusb stops. */
    void forceRelease() {
        synchronized (lock) {
            if (!closing) {
                return;
            }
            pending.clear();
        }
        release();
    }

    /** Releases what open() took, gives interfaces back to the kernel's drivers, closes the handle. */
    private synchronized void release() {
        long h = handle;
        if (h >= 0) {
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
            backend.released(this);
        }
        synchronized (lock) {
            closing = false;
            lock.notifyAll();
        }
    }

    /** Interfaces claimed now (for tests and diagnostics). */
    synchronized List<Integer> claimed() {
        return List.copyOf(claimed);
    }

    /** Transfers handed to libusb and not yet completed (for tests and diagnostics). */
    int inFlight() {
        synchronized (lock) {
            return pending.size();
        }
    }
}
