package org.thinspice.device.host;

import org.thinspice.device.backends.UsbDeviceInfo;

/** What a usbredir host reports about its device; every method has a no-op default. */
public interface HostEvents {
    /** The guest's hello arrived. */
    default void onGuestHello(String version, int caps) {
    }

    /** The guest sent its filter rules (QEMU's {@code filter=} property). */
    default void onGuestFilter(String rules) {
    }

    /** device_connect went out: the guest will enumerate the device now. */
    default void onConnected(UsbDeviceInfo device) {
    }

    /**
     * The device was not redirected: the guest's filter (or the guest itself) refused it, or — reported by
     * the caller that checks it before attaching — the USB policy (reason {@code refused by policy: …}).
     */
    default void onRefused(UsbDeviceInfo device, String reason) {
    }

    /** The device left the guest (detach, unplug, backend failure); {@code reason} is for people. */
    default void onDisconnected(UsbDeviceInfo device, String reason) {
    }
}
