package org.thinspice.client.usb;

import org.thinspice.device.policy.UsbFilter;
import org.thinspice.device.policy.UsbFilterException;
import org.thinspice.device.policy.UsbPolicy;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.vv.VvFile;

/**
 * A desktop's USB rules as its {@code .vv} carries them, with virt-viewer's own keys so remote-viewer
 * obeys the same file: {@code enable-usbredir} (default on), {@code enable-usb-autoshare} (redirect
 * matching devices at connect and on plug-in; default on) and {@code usb-filter} (usbredir filter rules;
 * default spice-gtk's own: everything but HID). Devices no rule matches may be redirected by hand, as
 * in remote-viewer's device list.
 */
public record UsbSettings(boolean enabled, boolean autoshare, UsbPolicy policy) {
    /** spice-gtk's default auto-connect filter: no HID devices, everything else. */
    public static final String DEFAULT_FILTER = "0x03,-1,-1,-1,0|-1,-1,-1,-1,1";

    public static final UsbSettings DEFAULT = of(true, true, DEFAULT_FILTER);

    private static UsbSettings of(boolean enabled, boolean autoshare, String filter) {
        try {
            return new UsbSettings(enabled, autoshare, new UsbPolicy(UsbFilter.parse(filter), true));
        } catch (UsbFilterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The settings of one connection file; a bad {@code usb-filter} is a bad file, naming the rule. */
    public static UsbSettings from(VvFile vv) throws SpiceException {
        String filter = vv.usbFilter().filter(f -> !f.isBlank()).orElse(DEFAULT_FILTER);
        try {
            return new UsbSettings(vv.enableUsbredir().orElse(true), vv.enableUsbAutoshare().orElse(true),
                    new UsbPolicy(UsbFilter.parse(filter), true));
        } catch (UsbFilterException e) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "usb-filter: " + e.getMessage());
        }
    }
}
