package org.thinspice.device.smartcard;

/**
 * Sends one command APDU to a card and returns its response APDU (data followed by SW1 SW2). The seam
 * between protocol code (PIV) and PC/SC, so protocol code is tested against an in-memory card too.
 */
public interface ApduTransport {
    byte[] transmit(byte[] command) throws SmartcardException;
}
