package org.thinspice.engine.usbredir;

import org.thinspice.engine.SpiceException;

/**
 * What sits behind one SPICE usbredir channel: a usbredir host (device-layer) that reads the guest's
 * usbredir byte stream and writes its own. The channel calls these on its event loop.
 */
public interface UsbredirStream {
    /** The channel is linked; {@code out} carries bytes to the guest and may be used from any thread. */
    void onOpened(UsbredirOutput out);

    /**
     * A piece of the guest's usbredir byte stream: SPICE message boundaries are unrelated to usbredir
     * packets, so the stream must reassemble. Throw to close this channel (only this one) with that error.
     */
    void onData(byte[] data, int offset, int length) throws SpiceException;

    /** The channel closed (by either side); release what the stream holds. */
    void onClosed();
}
