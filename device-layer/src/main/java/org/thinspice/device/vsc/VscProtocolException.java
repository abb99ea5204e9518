package org.thinspice.device.vsc;

/** The peer's VSC bytes break the protocol; the smartcard channel is closed, nothing else. */
public class VscProtocolException extends Exception {
    public VscProtocolException(String message) {
        super(message);
    }
}
