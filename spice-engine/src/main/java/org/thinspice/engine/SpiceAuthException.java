package org.thinspice.engine;

/** The server refused the ticket (wrong or expired password). */
public class SpiceAuthException extends SpiceException {
    public SpiceAuthException(String detail) {
        super(SpiceReason.AUTH_FAILED, detail);
    }
}
