package org.thinspice.device.backends;

/** What a backend reports about an open device on its own initiative. */
@FunctionalInterface
public interface UsbDeviceListener {
    /** The device went away (unplugged, or its backend failed); the host disconnects it from the guest. */
    void onGone(String reason);
}
