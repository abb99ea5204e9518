package org.thinspice.client.usb;

import org.thinspice.device.backends.UsbDevice;

/** One device the manager knows, and where it is now (guarded by the manager's lock). */
final class TrackedDevice {
    final String key;
    final UsbDevice device;
    final boolean simulated;
    UsbRow.State state = UsbRow.State.LOCAL;
    String note;
    UsbSlot slot;
    boolean refusalAudited;

    TrackedDevice(String key, UsbDevice device, boolean simulated) {
        this.key = key;
        this.device = device;
        this.simulated = simulated;
    }
}
