package org.thinspice.client.session;

import org.thinspice.engine.smartcard.SmartcardReaders;

/**
 * The terminal's smartcard as the desktop may see it: the readers that serve the session's SPICE smartcard
 * channel. Asked only when the session's {@code .vv} says {@code [thinspice] smartcard=share}; each reader it
 * makes is closed by the engine when its channel closes (the session ending included).
 */
@FunctionalInterface
public interface CardShare {
    /** The readers for one session, or null when this terminal has nothing to share (no PC/SC). */
    SmartcardReaders readers();

    /** A terminal without PC/SC: the desktop never sees a card. */
    static CardShare none() {
        return () -> null;
    }
}
