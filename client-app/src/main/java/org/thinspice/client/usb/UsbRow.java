package org.thinspice.client.usb;

import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.policy.UsbPolicy;

/**
 * One local USB device as the session bar and diagnostics show it: its state now, the policy's verdict
 * and why, and a note on what last happened (a backend's or the desktop's sentence), or null.
 */
public record UsbRow(String key, UsbDeviceInfo info, boolean simulated, State state, UsbPolicy.Decision decision,
        String note) {
    /** LOCAL: on this terminal; CONNECTING: being handed to the desktop; REFUSED: not allowed by the policy
     * or refused by the desktop; IN_USE: another program on the terminal holds it. */
    public enum State { LOCAL, CONNECTING, REDIRECTED, REFUSED, IN_USE }

    /** Whether one click may move it: redirect when local and allowed, return when in the desktop. */
    public boolean canRedirect() {
        return (state == State.LOCAL || state == State.IN_USE) && (decision.verdict() == UsbPolicy.Verdict.REDIRECT
                || decision.verdict() == UsbPolicy.Verdict.OFFER);
    }

    public boolean canReturn() {
        return state == State.REDIRECTED || state == State.CONNECTING;
    }

    /** Speed in words, from usbredir's numbers. */
    public String speed() {
        return switch (info.speed()) {
            case 0 -> "1.5 Mb/s";
            case 1 -> "12 Mb/s";
            case 2 -> "480 Mb/s";
            case 3 -> "5 Gb/s";
            default -> "?";
        };
    }

    /** The class that decides: the device's, or its first interface's when the device leaves it to them. */
    public int usbClass() {
        if ((info.deviceClass() == 0x00 || info.deviceClass() == 0xEF) && !info.interfaces().isEmpty()) {
            return info.interfaces().get(0).interfaceClass();
        }
        return info.deviceClass();
    }

    /** i18n key of the state ({@code usb.state.*}). */
    public String stateKey() {
        return "usb.state." + state.name();
    }

    /** i18n key of the verdict ({@code usb.verdict.*}). */
    public String verdictKey() {
        return "usb.verdict." + decision.verdict().name();
    }

    /** i18n key of the class in words ({@code usb.class.*}); {@code usb.class.other} takes the number. */
    public String classKey() {
        return switch (usbClass()) {
            case 0x01, 0x03, 0x06, 0x07, 0x08, 0x09, 0x0B, 0x0E, 0xE0, 0xFF -> String.format("usb.class.%02x", usbClass());
            default -> "usb.class.other";
        };
    }
}
