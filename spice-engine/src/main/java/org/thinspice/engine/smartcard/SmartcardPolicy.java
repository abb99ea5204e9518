package org.thinspice.engine.smartcard;

import java.util.Locale;

/**
 * Whether the terminal's smartcard is shared with the desktop, set per connection by the controller
 * ({@code .vv} {@code [thinspice] smartcard=}). Without {@link #SHARE} no smartcard channel is opened, so the
 * desktop never learns that the terminal has a reader.
 */
public enum SmartcardPolicy {
    SHARE, NONE;

    /** The `.vv` / controller spelling: {@code share} or {@code none}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the `.vv` spelling; null or empty means {@link #NONE}: a card is shared only when asked for. */
    public static SmartcardPolicy parse(String s) {
        if (s == null || s.isBlank()) {
            return NONE;
        }
        for (SmartcardPolicy p : values()) {
            if (p.key().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("smartcard policy must be share or none, not '" + s + "'");
    }
}
