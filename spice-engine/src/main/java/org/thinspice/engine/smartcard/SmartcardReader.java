package org.thinspice.engine.smartcard;

import org.thinspice.engine.SpiceException;

/**
 * What sits behind the SPICE smartcard channel: the terminal's reader (device-layer bridges it to PC/SC). It
 * gets whole VSC messages, header included, in the SPICE wire's little-endian order. The channel calls these on
 * its event loop: an implementation that talks to a card hands the work to a thread of its own.
 */
public interface SmartcardReader {
    /** The channel is linked; {@code out} carries VSC messages to the desktop and may be used from any thread. */
    void onOpened(SmartcardOutput out);

    /** One whole VSC message from the desktop (12-byte header, then its payload). Throw to close the channel. */
    void onMessage(byte[] vscMessage) throws SpiceException;

    /** The channel closed (by either side); release what the reader holds. */
    void onClosed();
}
