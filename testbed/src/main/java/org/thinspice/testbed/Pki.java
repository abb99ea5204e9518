package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Test certificates made with the {@code openssl} CLI, in the x509-dir layout QEMU's SPICE wants:
 * {@code ca-cert.pem}, {@code server-cert.pem}, {@code server-key.pem}. The server certificate has
 * subject {@code C=XX, O=thinspice, CN=127.0.0.1} and SAN {@code IP:127.0.0.1, DNS:localhost}.
 * A second, unrelated CA ({@code other-ca-cert.pem}) serves wrong-CA tests.
 */
public final class Pki {

    private Pki() {
    }

    /** Generates a fresh CA, server key+cert and another CA into {@code dir} (created if needed). */
    public static Pki generate(Path dir) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The x509 dir to pass to QEMU ({@code x509-dir=}). */
    public Path dir() {
        throw new UnsupportedOperationException("skeleton");
    }

    public Path caCert() {
        throw new UnsupportedOperationException("skeleton");
    }

    public Path serverCert() {
        throw new UnsupportedOperationException("skeleton");
    }

    public Path serverKey() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** PEM text of the CA that signed the server certificate. */
    public String caPem() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A CA certificate that did NOT sign the server certificate. */
    public Path otherCaCert() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** PEM text of {@link #otherCaCert()}. */
    public String otherCaPem() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * The server subject in remote-viewer's {@code host-subject} form, in certificate order
     * (most significant RDN first, comma-separated, no spaces): {@code "C=XX,O=thinspice,CN=127.0.0.1"}.
     */
    public String serverSubject() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The same subject in RFC 2253 order as Java's {@code X500Principal.getName()} gives it: {@code "CN=127.0.0.1,O=thinspice,C=XX"}. */
    public String serverSubjectRfc2253() {
        throw new UnsupportedOperationException("skeleton");
    }
}
