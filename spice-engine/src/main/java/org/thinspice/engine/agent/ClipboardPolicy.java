package org.thinspice.engine.agent;

import java.util.Locale;

/**
 * Which way clipboard data may cross, set per connection by the controller (SPICE itself has only on
 * and off). Enforced inside the engine: in a forbidden direction no grab is announced, no request is
 * answered and no guest data reaches the application.
 */
public enum ClipboardPolicy {
    BOTH(true, true), TO_GUEST(true, false), TO_CLIENT(false, true), NONE(false, false);

    private final boolean toGuest;
    private final boolean toClient;

    ClipboardPolicy(boolean toGuest, boolean toClient) {
        this.toGuest = toGuest;
        this.toClient = toClient;
    }

    /** Terminal → desktop allowed. */
    public boolean allowsToGuest() {
        return toGuest;
    }

    /** Desktop → terminal allowed. */
    public boolean allowsToClient() {
        return toClient;
    }

    /** The `.vv` / controller spelling: {@code both}, {@code to-guest}, {@code to-client}, {@code none}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the `.vv` spelling; null or empty means {@link #BOTH}. */
    public static ClipboardPolicy parse(String s) {
        if (s == null || s.isBlank()) {
            return BOTH;
        }
        for (ClipboardPolicy p : values()) {
            if (p.key().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("clipboard policy must be both, to-guest, to-client or none, not '" + s + "'");
    }
}
