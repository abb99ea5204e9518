package org.thinspice.device.backends;

/** The device is held by another program on this computer (libusb's BUSY when claiming an interface). */
public class UsbDeviceBusyException extends UsbBackendException {
    public UsbDeviceBusyException(String message) {
        super(message);
    }
}
