package org.thinspice.engine.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/** The certificate fixtures under {@code certs/} (made by its {@code make-certs.sh}). */
final class TestCerts {
    private TestCerts() {
    }

    static String pem(String name) {
        try (InputStream in = TestCerts.class.getResourceAsStream("certs/" + name + ".pem")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static X509Certificate cert(String name) {
        try {
            return TlsSupport.parsePem(pem(name)).get(0);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A subject from an RFC 2253 string (least significant first, as Java writes it). */
    static DistinguishedName dn(String rfc2253) {
        return DistinguishedName.parse(new X500Principal(rfc2253).getEncoded());
    }
}
