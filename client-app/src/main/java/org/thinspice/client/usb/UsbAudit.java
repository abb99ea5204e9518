package org.thinspice.client.usb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbDeviceInfo;

/**
 * Where the kiosk reports what happened to each USB device in a session: the controller's audit (its
 * client implements this) or, by default, the kiosk's log. Called on any thread; must not block.
 */
public interface UsbAudit {
    /** The device went into the desktop. */
    void onRedirected(UsbDeviceInfo device);

    /** The policy (or the desktop's own filter) refused the device; {@code reason} is for people. */
    void onRefused(UsbDeviceInfo device, String reason);

    /** The device came back to the terminal: by hand, unplugged, or the session ended. */
    void onReturned(UsbDeviceInfo device, String reason);

    /** A session with desktop {@code desktopId} begins; the events until the next one are about it. */
    default void sessionStarted(String desktopId) {
    }

    /** Logs each event (logger {@code org.thinspice.client.usb.UsbAudit}). */
    UsbAudit LOG = new UsbAudit() {
        private final Logger log = LoggerFactory.getLogger(UsbAudit.class);

        @Override
        public void onRedirected(UsbDeviceInfo d) {
            log.info("usb redirected {} {}", d.id(), d.product());
        }

        @Override
        public void onRefused(UsbDeviceInfo d, String reason) {
            log.info("usb refused {} {}: {}", d.id(), d.product(), reason);
        }

        @Override
        public void onReturned(UsbDeviceInfo d, String reason) {
            log.info("usb returned {} {}: {}", d.id(), d.product(), reason);
        }
    };
}
