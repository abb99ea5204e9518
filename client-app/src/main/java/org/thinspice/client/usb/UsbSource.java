package org.thinspice.client.usb;

import java.util.Map;
import org.thinspice.device.backends.UsbDevice;

/**
 * Where local USB devices come from: the computer's own bus (usb4java) or simulated devices for the
 * demo and training. Devices are keyed so the same device keeps its key across scans.
 */
public interface UsbSource extends AutoCloseable {
    /** Why a source has no devices to offer, for people: an i18n key and the backend's own sentence. */
    record Problem(String key, String detail) {
    }

    /** The devices present now, by key (the same device object for the same key while it stays). */
    Map<String, UsbDevice> scan();

    /** Why this source cannot offer devices, or null when it can. */
    Problem problem();

    /**
     * Whether this source says itself when its devices change (through {@link #onChange}), or they never
     * change: then nobody needs to {@linkplain #scan scan} it again and again to see plug and unplug.
     */
    default boolean announcesChanges() {
        return false;
    }

    /** Calls {@code changed} (on any thread) when a device may have come or gone; only if {@link #announcesChanges}. */
    default void onChange(Runnable changed) {
    }

    /** Whether the source's devices are simulated (shown as such). */
    boolean simulated();

    @Override
    void close();
}
