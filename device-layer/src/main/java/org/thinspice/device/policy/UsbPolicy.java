package org.thinspice.device.policy;

import org.thinspice.device.backends.UsbDeviceInfo;

/**
 * The terminal's decision for one local device: the administrator's rules (usbredir filter syntax,
 * checked as usbredirfilter_check does), the desktop's own filter, and the defaults that keep the
 * terminal usable — smartcard readers (class 0x0B: the UKEY signs the login) and boot keyboards and
 * mice stay local unless a rule names them (gives a class, vendor or product, not only wildcards).
 * Hubs are never redirected.
 */
public final class UsbPolicy {
    /** REDIRECT: at connect and on plug-in; OFFER: only by hand; KEEP_LOCAL / REFUSED: not at all. */
    public enum Verdict { REDIRECT, OFFER, KEEP_LOCAL, REFUSED }

    /** A verdict and why, in words for the session bar and the audit. */
    public record Decision(Verdict verdict, String reason) {
    }

    private final UsbFilter rules;
    private final boolean offerUnmatched;
    private final boolean autoRedirect;
    private final boolean enabled;

    /**
     * Devices the rules allow are redirected by themselves.
     *
     * @param rules the administrator's rules
     * @param offerUnmatched whether a device no rule matches may still be redirected by hand
     */
    public UsbPolicy(UsbFilter rules, boolean offerUnmatched) {
        this(rules, offerUnmatched, true, true);
    }

    /**
     * @param autoRedirect whether devices the rules allow go at connect and on plug-in (else only by hand)
     * @param enabled false: no device may go at all
     */
    public UsbPolicy(UsbFilter rules, boolean offerUnmatched, boolean autoRedirect, boolean enabled) {
        this.rules = rules;
        this.offerUnmatched = offerUnmatched;
        this.autoRedirect = autoRedirect;
        this.enabled = enabled;
    }

    /**
     * The policy a connection file sets with virt-viewer's keys, read the way remote-viewer reads them:
     * {@code enable-usbredir=0} lets nothing go; {@code usb-filter} (spice-gtk's default filter when the
     * file has none) decides, first matching rule wins and a device no rule matches stays out;
     * {@code enable-usb-autoshare=1} redirects the allowed devices by themselves, otherwise they are
     * offered by hand.
     *
     * @throws UsbFilterException the file's filter does not parse (the message names the bad rule)
     */
    public static UsbPolicy fromConnection(org.thinspice.engine.usbredir.UsbRedirectSettings s)
            throws UsbFilterException {
        return new UsbPolicy(UsbFilter.parse(s.filterOrDefault()), false, s.isAutoshare(), s.isEnabled());
    }

    /** Whether any device may go to the desktop. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether devices the rules allow are redirected at connect and on plug-in. */
    public boolean autoRedirect() {
        return autoRedirect;
    }

    public UsbFilter rules() {
        return rules;
    }

    /** @param guestFilter the desktop's filter (usbredir filter_filter), or null when it sent none */
    public Decision decide(UsbDeviceInfo d, UsbFilter guestFilter) {
        if (!enabled) {
            return new Decision(Verdict.REFUSED, "USB redirection is off for this desktop");
        }
        if (d.deviceClass() == 0x09) {
            return new Decision(Verdict.KEEP_LOCAL, "USB hubs are never redirected");
        }
        if (guestFilter != null && !guestFilter.allows(d)) {
            return new Decision(Verdict.REFUSED, "the desktop's USB filter refuses this device");
        }
        UsbFilter.Verdict v = rules.check(d, false, false);
        if (v == UsbFilter.Verdict.DENY) {
            return new Decision(Verdict.REFUSED, "the USB policy refuses this device");
        }
        String local = keptLocal(d);
        if (local != null && !named(d)) {
            return new Decision(Verdict.KEEP_LOCAL, local + " stay with the terminal unless a policy rule names them");
        }
        if (v == UsbFilter.Verdict.ALLOW) {
            return autoRedirect ? new Decision(Verdict.REDIRECT, "the USB policy redirects this device")
                    : new Decision(Verdict.OFFER, "the USB policy allows this device; it is redirected by hand");
        }
        return offerUnmatched ? new Decision(Verdict.OFFER, "no rule redirects this device; it may be redirected by hand")
                : new Decision(Verdict.REFUSED, "no USB policy rule allows this device");
    }

    /** Why the device stays local by default, or null. */
    private static String keptLocal(UsbDeviceInfo d) {
        if (d.deviceClass() == 0x0B || d.interfaces().stream().anyMatch(i -> i.interfaceClass() == 0x0B)) {
            return "Smartcard readers";
        }
        boolean bootHid = d.interfaces().stream().anyMatch(i -> i.interfaceClass() == 0x03
                && i.interfaceSubclass() == 0x01 && (i.interfaceProtocol() == 0x01 || i.interfaceProtocol() == 0x02));
        return bootHid ? "The terminal's keyboards and mice" : null;
    }

    /** True when an allowing rule matches the device by something more than wildcards. */
    private boolean named(UsbDeviceInfo d) {
        for (UsbFilterRule r : rules.rules()) {
            boolean specific = r.deviceClass() != -1 || r.vendorId() != -1 || r.productId() != -1;
            if (!r.allow() || !specific) {
                continue;
            }
            boolean matches = r.matches(d.deviceClass(), d.vendorId(), d.productId(), d.deviceVersionBcd())
                    || d.interfaces().stream().anyMatch(i -> r.matches(i.interfaceClass(), d.vendorId(), d.productId(),
                            d.deviceVersionBcd()));
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
