package org.thinspice.device.policy;

/**
 * A USB filter string that does not parse; the message names the bad rule and what is wrong with it,
 * {@link #ruleNumber()} and {@link #ruleText()} give the rule itself (for an API error or a form).
 */
public class UsbFilterException extends Exception {
    private final int ruleNumber;
    private final String ruleText;

    /** A problem with the filter as a whole (too long, too many rules). */
    public UsbFilterException(String message) {
        this(message, 0, null);
    }

    public UsbFilterException(String message, int ruleNumber, String ruleText) {
        super(message);
        this.ruleNumber = ruleNumber;
        this.ruleText = ruleText;
    }

    /** The bad rule's position, counted from 1; 0 when the problem is not one rule's. */
    public int ruleNumber() {
        return ruleNumber;
    }

    /** The bad rule as written, or null when the problem is not one rule's. */
    public String ruleText() {
        return ruleText;
    }

    /** Why the rule (or the filter) is bad, without the rule's position and text. */
    public String reason() {
        String m = getMessage();
        if (ruleText == null) {
            return m;
        }
        String prefix = UsbFilter.where(ruleNumber, ruleText);
        if (m.startsWith(prefix + ": ")) {
            return m.substring(prefix.length() + 2);
        }
        return m.startsWith(prefix + " ") ? m.substring(prefix.length() + 1) : m;
    }
}
