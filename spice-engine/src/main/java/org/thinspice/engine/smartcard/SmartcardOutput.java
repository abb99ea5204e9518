package org.thinspice.engine.smartcard;

/** The write side of the smartcard channel; callable from any thread, messages leave in call order. */
public interface SmartcardOutput {
    /**
     * Sends one whole VSC message (12-byte little-endian header, then exactly the payload it announces, at most
     * {@link VscFramer#MAX_PAYLOAD} bytes); spice-server takes each SPICE message as one VSC message. The array
     * must not change afterwards.
     *
     * @throws IllegalArgumentException when {@code vscMessage} is not one well-framed VSC message
     */
    void send(byte[] vscMessage);

    /** Closes the channel (the session and other channels stay up). */
    void close();
}
