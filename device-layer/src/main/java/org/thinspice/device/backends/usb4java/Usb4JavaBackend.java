package org.thinspice.device.backends.usb4java;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.thinspice.device.backends.UsbBackendException;

/**
 * Real USB devices through libusb (usb4java). {@link #open} refuses with a sentence for people when the
 * computer has no USB subsystem at all (no {@code /sys/bus/usb}, as on this project's build machine),
 * instead of failing later in native code. Hubs and root hubs are never offered, as in spice-gtk.
 */
public final class Usb4JavaBackend implements AutoCloseable {
    private final LibUsbCalls calls;

    private Usb4JavaBackend(LibUsbCalls calls) {
        this.calls = calls;
    }

    /** The backend on this computer's libusb. */
    public static Usb4JavaBackend open() throws UsbBackendException {
        return open(Path.of("/sys/bus/usb"), Usb4JavaCalls::new);
    }

    /** @param sysBusUsb where the kernel's USB subsystem shows in sysfs (a seam for tests) */
    public static Usb4JavaBackend open(Path sysBusUsb, java.util.function.Supplier<LibUsbCalls> libusb)
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
        return new Usb4JavaBackend(calls);
    }

    /** The devices on the bus that can be redirected: no hubs (class 0x09), no root hubs (address 0xff or ≤ 1). */
    public List<LibUsbCalls.Found> devices() throws UsbBackendException {
        int[] error = {0};
        List<LibUsbCalls.Found> all = calls.devices(error);
        if (error[0] < 0) {
            throw new UsbBackendException("The USB devices could not be listed (" + calls.errorName(error[0]) + ").");
        }
        return all.stream().filter(f -> f.info().deviceClass() != 0x09 && f.address() > 1 && f.address() != 0xff)
                .toList();
    }

    /** A device found by {@link #devices} as a redirectable {@link Usb4JavaDevice} (opened on attach). */
    public Usb4JavaDevice device(LibUsbCalls.Found found) {
        return new Usb4JavaDevice(calls, found);
    }

    @Override
    public void close() {
        calls.exit();
    }
}
