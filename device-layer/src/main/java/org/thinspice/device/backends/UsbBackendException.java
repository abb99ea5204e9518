package org.thinspice.device.backends;

/** A backend could not do what was asked (device busy, gone, no USB subsystem); the message is for people. */
public class UsbBackendException extends Exception {
    public UsbBackendException(String message) {
        super(message);
    }

    public UsbBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
