package org.thinspice.engine;

/** TLS could not be set up: handshake failure, untrusted certificate, host-subject mismatch. */
public class SpiceTlsException extends SpiceException {
    public SpiceTlsException(SpiceReason reason, String detail, Throwable cause) {
        super(reason, detail, cause);
    }
}
