package org.thinspice.engine.net;

import org.thinspice.engine.SpiceReason;

import java.security.cert.CertificateException;

/** A server certificate failed one of the SPICE checks; {@link #reason()} says which one. */
final class CertificateCheckException extends CertificateException {
    private final SpiceReason reason;

    CertificateCheckException(SpiceReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    SpiceReason reason() {
        return reason;
    }
}
