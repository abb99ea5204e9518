package org.thinspice.device.policy;

import java.util.ArrayList;
import java.util.List;

import org.thinspice.device.backends.UsbDeviceInfo;

/**
 * An ordered list of {@link UsbFilterRule}s and usbredir's check algorithm (usbredirfilter_check):
 * the device class is checked first unless it is 0x00 or 0xEF (class per interface), then every
 * interface class; in each pass the first matching rule decides, and no match denies. Non-boot HID
 * interfaces are skipped on composite devices unless every interface is one.
 */
public final class UsbFilter {
    /** Verdicts as usbredirfilter_check returns them: 0, -EPERM, -ENOENT. */
    public enum Verdict { ALLOW, DENY, NO_MATCH }

    /** Rules longer than this are not a policy but an attack or a mistake. */
    public static final int MAX_RULES = 1024;

    private final List<UsbFilterRule> rules;

    public UsbFilter(List<UsbFilterRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<UsbFilterRule> rules() {
        return rules;
    }

    /** Parses the wire and .vv form: fields separated by ',', rules by '|'. */
    public static UsbFilter parse(String text) throws UsbFilterException {
        return parse(text, ',', '|');
    }

    /**
     * Parses an administrator's policy ({@code .vv} form) more strictly than usbredir reads it, so that
     * every reader — usbredir's own parser in remote-viewer and QEMU included — takes it the same way:
     * no spaces anywhere (usbredir's strtol takes leading ones but refuses trailing ones), at most
     * {@code maxChars} characters.
     */
    public static UsbFilter parsePolicy(String text, int maxChars) throws UsbFilterException {
        if (text.length() > maxChars) {
            throw new UsbFilterException("USB filter is " + text.length() + " characters long, more than " + maxChars);
        }
        String[] parts = text.isEmpty() ? new String[0] : text.split("\\|", -1);
        for (int i = 0; i < parts.length; i++) {
            for (int c = 0; c < parts[i].length(); c++) {
                if (Character.isWhitespace(parts[i].charAt(c)) || Character.isISOControl(parts[i].charAt(c))) {
                    throw new UsbFilterException(where(i + 1, parts[i]) + " has a space or control character; write "
                            + "the rule without any", i + 1, parts[i]);
                }
            }
        }
        return parse(text);
    }

    /** Parses QEMU's {@code -device usb-redir,filter=} form: fields separated by ':', rules by '|'. */
    public static UsbFilter parseQemu(String text) throws UsbFilterException {
        return parse(text, ':', '|');
    }

    /**
     * Strict: every rule has exactly five fields, each a C integer ({@code 0x} hex, leading {@code 0}
     * octal, decimal, or -1) within its range, allow is 0 or 1, and no rule is empty. An empty string is
     * a filter with no rules.
     */
    public static UsbFilter parse(String text, char fieldSep, char ruleSep) throws UsbFilterException {
        List<UsbFilterRule> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return new UsbFilter(out);
        }
        String[] parts = text.split(java.util.regex.Pattern.quote(String.valueOf(ruleSep)), -1);
        if (parts.length > MAX_RULES) {
            throw new UsbFilterException("USB filter has " + parts.length + " rules, more than " + MAX_RULES);
        }
        for (int i = 0; i < parts.length; i++) {
            out.add(rule(parts[i], i + 1, fieldSep));
        }
        return new UsbFilter(out);
    }

    /** How a message names rule {@code n}: {@code USB filter rule 2 '0x08,-1,-1,-1'}. */
    static String where(int n, String text) {
        return "USB filter rule " + n + " '" + text + "'";
    }

    private static UsbFilterRule rule(String text, int n, char fieldSep) throws UsbFilterException {
        String where = where(n, text);
        String[] f = text.split(java.util.regex.Pattern.quote(String.valueOf(fieldSep)), -1);
        if (f.length != 5) {
            throw new UsbFilterException(where + " has " + f.length + " fields; it needs class" + fieldSep + "vendor"
                    + fieldSep + "product" + fieldSep + "version" + fieldSep + "allow", n, text);
        }
        int cls = value(f[0], 255, where, "class", n, text);
        int vendor = value(f[1], 65535, where, "vendor", n, text);
        int product = value(f[2], 65535, where, "product", n, text);
        int version = value(f[3], 65535, where, "version", n, text);
        int allow = value(f[4], 1, where, "allow", n, text);
        if (allow < 0) {
            throw new UsbFilterException(where + ": allow must be 0 or 1, not " + f[4].trim(), n, text);
        }
        return new UsbFilterRule(cls, vendor, product, version, allow == 1);
    }

    /** strtol(s, 0) without its leniency: the whole field must be the number. */
    private static int value(String raw, int max, String where, String what, int n, String rule)
            throws UsbFilterException {
        String s = raw.trim();
        if (s.equals("-1")) {
            return -1;
        }
        long v = -1;
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseLong(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Long.parseLong(s.substring(1), 8);
            } else {
                v = Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            v = -1;
        }
        // Java's parseLong also takes other scripts' digits (U+FF18 is 8); usbredir's strtol takes ASCII only
        if (v < 0 || !s.matches("0[xX][0-9a-fA-F]+|[0-9]+")) {
            throw new UsbFilterException(where + ": " + what + " '" + s + "' is not a number (decimal, 0x hex, "
                    + "0 octal, or -1)", n, rule);
        }
        if (v > max) {
            throw new UsbFilterException(where + ": " + what + " " + s + " is outside -1.." + max, n, rule);
        }
        return (int) v;
    }

    /** The usbredir filter string of these rules. */
    @Override
    public String toString() {
        return String.join("|", rules.stream().map(UsbFilterRule::toString).toList());
    }

    public boolean allows(UsbDeviceInfo d) {
        return check(d, false, false) == Verdict.ALLOW;
    }

    /**
     * usbredirfilter_check. {@code defaultAllow}: no matching rule allows (flag 0x01);
     * {@code dontSkipNonBootHid}: check non-boot HID interfaces of composite devices too (flag 0x02).
     */
    public Verdict check(UsbDeviceInfo d, boolean defaultAllow, boolean dontSkipNonBootHid) {
        if (d.deviceClass() != 0x00 && d.deviceClass() != 0xEF) {
            Verdict v = pass(d.deviceClass(), d, defaultAllow);
            if (v != Verdict.ALLOW) {
                return v;
            }
        }
        int skipped = 0;
        for (UsbDeviceInfo.Interface i : d.interfaces()) {
            if (!dontSkipNonBootHid && d.interfaces().size() > 1 && i.interfaceClass() == 0x03
                    && i.interfaceSubclass() == 0x00 && i.interfaceProtocol() == 0x00) {
                skipped++;
                continue;
            }
            Verdict v = pass(i.interfaceClass(), d, defaultAllow);
            if (v != Verdict.ALLOW) {
                return v;
            }
        }
        if (skipped > 0 && skipped == d.interfaces().size()) {
            return check(d, defaultAllow, true); // all were skipped: a KVM switch and the like
        }
        return Verdict.ALLOW;
    }

    private Verdict pass(int cls, UsbDeviceInfo d, boolean defaultAllow) {
        for (UsbFilterRule r : rules) {
            if (r.matches(cls, d.vendorId(), d.productId(), d.deviceVersionBcd())) {
                return r.allow() ? Verdict.ALLOW : Verdict.DENY;
            }
        }
        return defaultAllow ? Verdict.ALLOW : Verdict.NO_MATCH;
    }
}
