package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.backends.sim.HidKeyboard;
import org.thinspice.device.backends.usb4java.LibUsbCalls;
import org.thinspice.device.backends.usb4java.LibusbEventQueue;
import org.thinspice.device.backends.usb4java.Usb4JavaBackend;
import org.thinspice.device.backends.usb4java.Usb4JavaDevice;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.device.usbredir.UsbStatus;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceSession;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * The usb4java backend's interrupt receiving as QEMU and the guest's usbhid drive it. This machine has no
 * USB bus, so libusb itself is the one stand-in: {@link KeyboardBehindLibusb} answers libusb's calls for
 * one boot keyboard (its descriptors and requests from the simulated keyboard; each interrupt IN transfer
 * completes with the next key report, as a keyboard answers IN tokens). Everything above libusb is the
 * product's: {@code Usb4JavaDevice} polling the endpoint, the usbredir host, the SPICE channel, QEMU's
 * usb-redir and Linux's usbhid, which must turn a key pressed here into KEY_A on its evdev node.
 */
class UsbLibusbKeyboardIT {
    @TempDir
    Path tmp;

    @Test
    void aKeyOnADeviceBehindLibusbReachesTheGuestsInputLayer() throws Exception {
        KeyboardBehindLibusb libusb = new KeyboardBehindLibusb(new HidKeyboard());
        Path sys = Files.createDirectories(tmp.resolve("sys-bus-usb"));
        try (Usb4JavaBackend backend = Usb4JavaBackend.open(sys, () -> libusb);
             QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(1)
                     .startTimeout(Duration.ofSeconds(60)).start()) {
            Usb4JavaDevice device = backend.device(libusb.found);
            UsbredirChannelPort port = new UsbredirChannelPort(0, device, new HostEvents() { });
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            SpiceSession session = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host())
                    .port(qemu.port()).usbredir(id -> id == 0 ? port : null).build(), null).get(30, TimeUnit.SECONDS);
            try {
                GuestKeyboard guest = GuestKeyboard.await(qemu, "Simulated keyboard", () -> "libusb calls: " + libusb.calls);
                // reading the node opens the input device: usbhid starts polling, QEMU starts interrupt receiving
                guest.startReading();
                long t0 = System.nanoTime();
                while (libusb.interruptSubmits.get() < Usb4JavaDevice.INTERRUPT_TRANSFERS
                        && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
                    Thread.sleep(100);
                }
                assertTrue(libusb.interruptSubmits.get() >= Usb4JavaDevice.INTERRUPT_TRANSFERS,
                        "the backend keeps interrupt transfers on the endpoint once the guest reads it: "
                                + libusb.interruptSubmits + " submitted");
                Thread.sleep(500); // the reader in the guest has the node open (evdev keeps events for open readers only)
                libusb.keyboard.press(0x04);
                Thread.sleep(100);
                libusb.keyboard.release(0x04);
                guest.assertKeyA(() -> " (libusb: " + libusb.interruptSubmits + " interrupt transfers submitted, "
                        + libusb.reportsDelivered + " reports delivered)");
                assertTrue(libusb.reportsDelivered.get() >= 2, "both reports went through libusb transfers");
                System.out.println("usb4java interrupt receiving: " + libusb.interruptSubmits + " interrupt transfers "
                        + "submitted, " + libusb.reportsDelivered + " reports delivered, 0x81 packet size "
                        + libusb.lastInterruptLength);
            } finally {
                session.close();
            }
            long t1 = System.nanoTime();
            while (libusb.pendingInterrupts() > 0 && System.nanoTime() - t1 < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(50);
            }
            assertEquals(0, libusb.pendingInterrupts(), "the session's end cancelled every polling transfer");
        }
    }

    /**
     * libusb as it would look with one boot keyboard plugged in. Like libusb, completions run only inside
     * {@link #handleEvents}, on the backend's events thread.
     */
    static final class KeyboardBehindLibusb implements LibUsbCalls {
        final HidKeyboard keyboard;
        final Found found;
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger interruptSubmits = new AtomicInteger();
        final AtomicInteger reportsDelivered = new AtomicInteger();
        volatile int lastInterruptLength;
        private final LibusbEventQueue events = new LibusbEventQueue();
        private final ArrayDeque<Long> waiting = new ArrayDeque<>(); // IN transfers awaiting a report, guarded by this
        private final java.util.Map<Long, Completion> inFlight = new java.util.HashMap<>(); // guarded by this
        private final ArrayDeque<byte[]> reports = new ArrayDeque<>(); // guarded by this
        private long tokens = 100;

        KeyboardBehindLibusb(HidKeyboard keyboard) {
            this.keyboard = keyboard;
            this.found = new Found(1, 1, 2, keyboard.info());
        }

        synchronized int pendingInterrupts() {
            return inFlight.size();
        }

        /** A report from the keyboard: it answers the oldest waiting IN transfer, or waits for the next. */
        private void report(byte[] data) {
            synchronized (this) {
                reports.add(data);
            }
            completeWaiting();
        }

        private void completeWaiting() {
            while (true) {
                Completion c;
                byte[] r;
                synchronized (this) {
                    if (waiting.isEmpty() || reports.isEmpty()) {
                        return;
                    }
                    long token = waiting.poll();
                    c = inFlight.remove(token);
                    r = reports.poll();
                }
                reportsDelivered.incrementAndGet();
                events.add(() -> c.done(TRANSFER_COMPLETED, r.length, r));
            }
        }

        @Override
        public int init() {
            return SUCCESS;
        }

        @Override
        public void exit() {
        }

        @Override
        public List<Found> devices(int[] error) {
            return List.of(found);
        }

        @Override
        public long open(long device) {
            keyboard.open(reason -> { });
            return 7;
        }

        @Override
        public void close(long handle) {
            keyboard.close();
        }

        @Override
        public int setAutoDetachKernelDriver(long handle, boolean enable) {
            return SUCCESS;
        }

        @Override
        public int kernelDriverActive(long handle, int interfaceNumber) {
            return 0;
        }

        @Override
        public int detachKernelDriver(long handle, int interfaceNumber) {
            return SUCCESS;
        }

        @Override
        public int attachKernelDriver(long handle, int interfaceNumber) {
            return ERROR_NOT_FOUND;
        }

        @Override
        public int claimInterface(long handle, int interfaceNumber) {
            return SUCCESS;
        }

        @Override
        public int releaseInterface(long handle, int interfaceNumber) {
            return SUCCESS;
        }

        @Override
        public int resetDevice(long handle) {
            keyboard.reset();
            return SUCCESS;
        }

        @Override
        public int setConfiguration(long handle, int configuration) {
            return keyboard.setConfiguration(configuration) == UsbStatus.SUCCESS ? SUCCESS : ERROR_PIPE;
        }

        @Override
        public int setInterfaceAltSetting(long handle, int interfaceNumber, int alt) {
            return keyboard.setAltSetting(interfaceNumber, alt) == UsbStatus.SUCCESS ? SUCCESS : ERROR_PIPE;
        }

        @Override
        public int clearHalt(long handle, int endpoint) {
            return SUCCESS;
        }

        @Override
        public int controlTransfer(long handle, int requestType, int request, int value, int index, byte[] buffer,
                int length, long timeoutMs) {
            return ERROR_NOT_SUPPORTED; // the backend uses the asynchronous calls only
        }

        @Override
        public int transfer(long handle, boolean interrupt, int endpoint, byte[] buffer, int length, long timeoutMs) {
            return ERROR_NOT_SUPPORTED;
        }

        @Override
        public String errorName(int code) {
            return "LIBUSB_ERROR_" + (-code);
        }

        @Override
        public boolean hasHotplug() {
            return true;
        }

        @Override
        public int registerHotplug(Hotplug hotplug) {
            return SUCCESS;
        }

        @Override
        public void deregisterHotplug() {
            events.add(() -> { });
        }

        @Override
        public int handleEvents(long timeoutMs) {
            return events.handle(timeoutMs);
        }

        @Override
        public long submitControl(long handle, int requestType, int request, int value, int index, byte[] data,
                int length, long timeoutMs, Completion done) {
            calls.add("control " + Integer.toHexString(requestType) + " " + request);
            long token;
            synchronized (this) {
                token = ++tokens;
            }
            keyboard.submit(UsbTransfer.control(token, requestType, request, value, index, length, data),
                    (t, status, n, in) -> events.add(() -> done.done(status == UsbStatus.SUCCESS ? TRANSFER_COMPLETED
                            : status == UsbStatus.STALL ? TRANSFER_STALL : TRANSFER_ERROR, n, in)));
            return token;
        }

        @Override
        public long submitTransfer(long handle, boolean interrupt, int endpoint, byte[] data, int length,
                long timeoutMs, Completion done) {
            if (!interrupt || endpoint != 0x81) {
                calls.add("refused " + Integer.toHexString(endpoint));
                return ERROR_INVALID_PARAM;
            }
            interruptSubmits.incrementAndGet();
            lastInterruptLength = length;
            // the keyboard's reports arrive through here from now on (a reset forgets where they went)
            keyboard.startInterruptReceiving(0x81, new UsbDevice.InterruptSink() {
                @Override
                public void report(int status, byte[] d) {
                    KeyboardBehindLibusb.this.report(d);
                }
            });
            long token;
            synchronized (this) {
                token = ++tokens;
                inFlight.put(token, done);
                waiting.add(token);
            }
            completeWaiting();
            return token;
        }

        @Override
        public long submitIso(long handle, int endpoint, byte[] data, int length, long timeoutMs, Completion done) {
            return ERROR_INVALID_PARAM;
        }

        @Override
        public int cancelTransfer(long transfer) {
            Completion c;
            synchronized (this) {
                c = inFlight.remove(transfer);
                waiting.remove(transfer);
            }
            if (c == null) {
                return ERROR_NOT_FOUND;
            }
            events.add(() -> c.done(TRANSFER_CANCELLED, 0, new byte[0]));
            return SUCCESS;
        }
    }
}
