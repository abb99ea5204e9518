package org.thinspice.client.api;

import java.util.List;
import java.util.Locale;
import org.thinspice.device.backends.UsbDeviceInfo;

/**
 * Where the kiosk reports what happened to a USB device in a session, for the controller's audit
 * ({@code POST /api/v1/desktops/{id}/usb-events}). Blocking: call it off the FX thread and off the
 * engine's event loop.
 */
public interface UsbAudit {
    /** What happened to the device. */
    enum Action {
        /** It went into the desktop. */
        REDIRECTED,
        /** It did not: the policy or the desktop refused it. */
        REFUSED,
        /** It came back to the terminal (by hand, or at the session's end). */
        RETURNED,
        /** It was pulled out while in the desktop. */
        UNPLUGGED,
        /** It should have gone but could not (in use by another program, a USB error). */
        FAILED;

        /** The API's word for it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One report. The device's own strings are cut to what the controller takes and stripped of control
     * characters here, so that a device with a hostile product string cannot make its report fail.
     */
    record UsbEvent(String desktopId, Action action, int vendorId, int productId, int deviceClass,
            List<Integer> interfaceClasses, String product, String reason) {
        public static final int MAX_INTERFACES = 32;
        public static final int MAX_PRODUCT = 128;
        public static final int MAX_REASON = 512;

        public UsbEvent {
            if (desktopId == null || !desktopId.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("not a desktop id: " + desktopId);
            }
            if (vendorId < 0 || vendorId > 0xFFFF || productId < 0 || productId > 0xFFFF || deviceClass < 0
                    || deviceClass > 0xFF) {
                throw new IllegalArgumentException("not a USB device: " + vendorId + ":" + productId + " class "
                        + deviceClass);
            }
            interfaceClasses = List.copyOf(interfaceClasses.subList(0, Math.min(MAX_INTERFACES, interfaceClasses.size())));
            if (interfaceClasses.stream().anyMatch(c -> c < 0 || c > 0xFF)) {
                throw new IllegalArgumentException("interface classes are 0..255: " + interfaceClasses);
            }
            product = clean(product, MAX_PRODUCT);
            reason = clean(reason, MAX_REASON);
        }

        /** The event for a device as the device layer describes it. */
        public static UsbEvent of(String desktopId, Action action, UsbDeviceInfo d, String reason) {
            return new UsbEvent(desktopId, action, d.vendorId(), d.productId(), d.deviceClass(),
                    d.interfaces().stream().map(UsbDeviceInfo.Interface::interfaceClass).toList(), d.product(), reason);
        }

        private static String clean(String s, int max) {
            if (s == null) {
                return "";
            }
            StringBuilder b = new StringBuilder(Math.min(s.length(), max));
            s.codePoints().limit(max).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
            // a cut surrogate pair would not survive JSON: cut by code points, then by chars if still over
            return b.length() > max ? b.substring(0, max) : b.toString();
        }
    }

    void report(UsbEvent event) throws ControllerException;
}
