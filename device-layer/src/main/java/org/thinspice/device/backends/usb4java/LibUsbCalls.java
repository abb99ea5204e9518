package org.thinspice.device.backends.usb4java;

import java.util.List;

import org.thinspice.device.backends.UsbDeviceInfo;

/**
 * The libusb calls the usb4java backend makes, one method each, with plain Java types: the seam that
 * lets tests stand in for libusb (this machine, like a CI runner, has no USB bus). Devices and handles
 * are opaque numbers; results are libusb codes (0 or a byte count on success, a negative
 * {@code LIBUSB_ERROR_*} otherwise). {@link Usb4JavaCalls} is the real one.
 *
 * <p>Asynchronous transfers and hotplug callbacks are delivered only on the thread that calls
 * {@link #handleEvents}, as in libusb.
 */
public interface LibUsbCalls {
    int SUCCESS = 0;
    int ERROR_IO = -1;
    int ERROR_INVALID_PARAM = -2;
    int ERROR_ACCESS = -3;
    int ERROR_NO_DEVICE = -4;
    int ERROR_NOT_FOUND = -5;
    int ERROR_BUSY = -6;
    int ERROR_TIMEOUT = -7;
    int ERROR_OVERFLOW = -8;
    int ERROR_PIPE = -9;
    int ERROR_NOT_SUPPORTED = -12;

    /** libusb_transfer_status values, as an asynchronous transfer's completion reports them. */
    int TRANSFER_COMPLETED = 0;
    int TRANSFER_ERROR = 1;
    int TRANSFER_TIMED_OUT = 2;
    int TRANSFER_CANCELLED = 3;
    int TRANSFER_STALL = 4;
    int TRANSFER_NO_DEVICE = 5;
    int TRANSFER_OVERFLOW = 6;

    /** How an asynchronous transfer ended: a {@code TRANSFER_*} status, bytes moved, IN data (else empty). */
    @FunctionalInterface
    interface Completion {
        void done(int transferStatus, int actualLength, byte[] inData);
    }

    /** libusb's hotplug events, with the device described as {@link #devices} would (same device number). */
    interface Hotplug {
        void arrived(Found found);

        void left(Found found);
    }

    /**
     * One device on the bus: where it sits and its descriptors ({@code info}: the active configuration at
     * alternate setting 0), plus the endpoints of every alternate setting of that configuration.
     */
    record Found(long device, int bus, int address, UsbDeviceInfo info, List<AltSetting> altSettings) {
        public Found {
            altSettings = List.copyOf(altSettings);
        }

        /** A device whose interfaces have only the settings {@code info} describes. */
        public Found(long device, int bus, int address, UsbDeviceInfo info) {
            this(device, bus, address, info, List.of());
        }

        /** The endpoints of {@code interfaceNumber} at alternate setting {@code alt}; null when the device has no such setting. */
        public List<UsbDeviceInfo.Endpoint> endpoints(int interfaceNumber, int alt) {
            for (AltSetting a : altSettings) {
                if (a.interfaceNumber() == interfaceNumber && a.alt() == alt) {
                    return a.endpoints();
                }
            }
            if (alt == 0 && info.interfaces().stream().anyMatch(i -> i.number() == interfaceNumber)) {
                return info.endpoints().stream().filter(e -> e.interfaceNumber() == interfaceNumber).toList();
            }
            return null;
        }
    }

    /** One alternate setting of an interface and its endpoints (a headset's streaming interface has two or more). */
    record AltSetting(int interfaceNumber, int alt, List<UsbDeviceInfo.Endpoint> endpoints) {
        public AltSetting {
            endpoints = List.copyOf(endpoints);
        }
    }

    int init();

    void exit();

    /** The devices now on the bus; a negative libusb code in {@code error[0]} when listing failed. */
    List<Found> devices(int[] error);

    /** Opens a device; returns a handle (positive) or a negative libusb code. */
    long open(long device);

    void close(long handle);

    int setAutoDetachKernelDriver(long handle, boolean enable);

    int kernelDriverActive(long handle, int interfaceNumber);

    int detachKernelDriver(long handle, int interfaceNumber);

    int attachKernelDriver(long handle, int interfaceNumber);

    int claimInterface(long handle, int interfaceNumber);

    int releaseInterface(long handle, int interfaceNumber);

    int resetDevice(long handle);

    int setConfiguration(long handle, int configuration);

    int setInterfaceAltSetting(long handle, int interfaceNumber, int alt);

    int clearHalt(long handle, int endpoint);

    /** A control transfer; {@code buffer} holds OUT data or receives IN data. Returns bytes moved or an error. */
    int controlTransfer(long handle, int requestType, int request, int value, int index, byte[] buffer, int length,
            long timeoutMs);

    /** A bulk or interrupt transfer; returns bytes moved or an error. */
    int transfer(long handle, boolean interrupt, int endpoint, byte[] buffer, int length, long timeoutMs);

    String errorName(int code);

    /** Whether this libusb reports plug and unplug itself ({@code LIBUSB_CAP_HAS_HOTPLUG}). */
    boolean hasHotplug();

    /** Registers the one hotplug callback (arrivals and departures, any device); returns a libusb code. */
    int registerHotplug(Hotplug hotplug);

    void deregisterHotplug();

    /**
     * Handles pending libusb events (transfer completions, hotplug), waiting at most {@code timeoutMs}
     * when there are none ({@code libusb_handle_events_timeout_completed}); returns a libusb code.
     */
    int handleEvents(long timeoutMs);

    /**
     * Submits an asynchronous control transfer; {@code data} holds OUT data ({@code length} bytes).
     * Returns a transfer number (positive) for {@link #cancelTransfer}, or a negative libusb code (then
     * {@code done} is never called). Otherwise {@code done} is called exactly once, on the events thread.
     */
    long submitControl(long handle, int requestType, int request, int value, int index, byte[] data, int length,
            long timeoutMs, Completion done);

    /** Submits an asynchronous bulk or interrupt transfer; as {@link #submitControl}. */
    long submitTransfer(long handle, boolean interrupt, int endpoint, byte[] data, int length, long timeoutMs,
            Completion done);

    /**
     * Submits an asynchronous isochronous transfer of one packet of {@code length} bytes; as
     * {@link #submitControl}. The completion carries the packet's own status and length (libusb keeps them
     * per packet; the transfer's status is used only when it did not complete).
     */
    long submitIso(long handle, int endpoint, byte[] data, int length, long timeoutMs, Completion done);

    /** Asks libusb to cancel a submitted transfer; its completion then says {@code TRANSFER_CANCELLED}. */
    int cancelTransfer(long transfer);
}
