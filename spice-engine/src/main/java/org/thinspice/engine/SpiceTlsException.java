package org.thinspice.engine;

/**
 * TLS could not be set up: the desktop's certificate failed a check (reasons {@code TLS_CHAIN_UNTRUSTED},
 * {@code TLS_CERT_EXPIRED}, {@code TLS_SUBJECT_MISMATCH}, {@code TLS_HOST_NAME_MISMATCH}) or the handshake failed
 * otherwise ({@code TLS_FAILED}).
 */
public class SpiceTlsException extends SpiceException {
    public SpiceTlsException(SpiceReason reason, String detail, Throwable cause) {
        super(reason, detail, cause);
    }
}
