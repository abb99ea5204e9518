package org.thinspice.device.cli;

import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.policy.UsbFilterException;
import org.thinspice.device.policy.UsbPolicy;
import org.thinspice.engine.SpiceConnectOptions;

/**
 * The headless commands' check of a device the command line names against the policy its connection
 * file carries ({@code enable-usbredir}, {@code enable-usb-autoshare}, {@code usb-filter}), before the
 * device is opened or anything reaches the desktop. Naming a device is redirecting it by hand, so a
 * device the policy redirects by itself or offers by hand goes; one it refuses or keeps local does not.
 */
final class ConnectionUsbPolicy {
    private ConnectionUsbPolicy() {
    }

    /**
     * The device when the policy lets it go, else null after telling {@code events} why (the reason
     * starts with {@code refused by policy:}).
     *
     * @throws IllegalArgumentException the file's usb-filter does not parse (the message names the rule)
     */
    static UsbDevice admit(SpiceConnectOptions.Builder options, UsbDevice device, HostEvents events) {
        UsbPolicy policy;
        try {
            policy = UsbPolicy.fromConnection(options.usbRedirectSettings());
        } catch (UsbFilterException e) {
            throw new IllegalArgumentException("the connection file's usb-filter: " + e.getMessage(), e);
        }
        UsbPolicy.Decision d = policy.decide(device.info(), null);
        if (d.verdict() == UsbPolicy.Verdict.REDIRECT || d.verdict() == UsbPolicy.Verdict.OFFER) {
            return device;
        }
        events.onRefused(device.info(), "refused by policy: " + d.reason());
        return null;
    }
}
