package org.thinspice.engine.net;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceReason;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thinspice.engine.net.TestCerts.cert;

/** The checks in spice-common's order, each failure with its own reason. */
class SpiceTrustManagerTest {
    private static SpiceTrustManager manager(String ca, String hostSubject, String host) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", cert(ca));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return new SpiceTrustManager((X509ExtendedTrustManager) tmf.getTrustManagers()[0],
                hostSubject == null ? null : HostSubject.parse(hostSubject), host);
    }

    private static void check(SpiceTrustManager m, String leaf) throws Exception {
        m.checkServerTrusted(new X509Certificate[] {cert(leaf), cert("ca")}, "ECDHE_ECDSA");
    }

    private static CertificateCheckException refused(SpiceReason reason, SpiceTrustManager m, String leaf) {
        CertificateCheckException e = assertThrows(CertificateCheckException.class, () -> check(m, leaf));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void hostSubjectReplacesTheHostNameCheck() throws Exception {
        // the case: no subjectAltName, the host an address the certificate does not name
        check(manager("ca", "O=Thin Corp,CN=desk.example", "127.0.0.1"), "nosan-desk");
        check(manager("ca", "O=Thin Corp,CN=127.0.0.1", "gateway-ticket-abc"), "san-dns");
    }

    @Test
    void subjectMismatchNamesBothSubjects() throws Exception {
        CertificateCheckException e = refused(SpiceReason.TLS_SUBJECT_MISMATCH,
                manager("ca", "O=Thin Corp,CN=evil.example", "127.0.0.1"), "nosan-desk");
        assertTrue(e.getMessage().contains("'O=Thin Corp,CN=desk.example'")
                && e.getMessage().contains("'O=Thin Corp,CN=evil.example'"), e.getMessage());
        CertificateCheckException invalid = refused(SpiceReason.TLS_SUBJECT_MISMATCH,
                manager("ca", "cn=desk.example", "127.0.0.1"), "nosan-desk");
        assertTrue(invalid.getMessage().contains("not valid"), invalid.getMessage());
    }

    @Test
    void withoutHostSubjectTheHostNameIsChecked() throws Exception {
        check(manager("ca", null, "127.0.0.1"), "nosan-ip");
        check(manager("ca", null, "127.0.0.1"), "san-ip");
        refused(SpiceReason.TLS_HOST_NAME_MISMATCH, manager("ca", null, "127.0.0.1"), "nosan-desk");
        refused(SpiceReason.TLS_HOST_NAME_MISMATCH, manager("ca", null, "127.0.0.1"), "san-dns");
    }

    @Test
    void theChainComesFirst() throws Exception {
        refused(SpiceReason.TLS_CHAIN_UNTRUSTED, manager("other-ca", "O=Thin Corp,CN=desk.example", "127.0.0.1"),
                "nosan-desk");
        refused(SpiceReason.TLS_CHAIN_UNTRUSTED, manager("other-ca", null, "127.0.0.1"), "san-ip");
    }

    @Test
    void anExpiredCertificateHasItsOwnReason() throws Exception {
        CertificateCheckException e = refused(SpiceReason.TLS_CERT_EXPIRED,
                manager("ca", "O=Thin Corp,CN=desk.example", "127.0.0.1"), "expired");
        assertTrue(e.getMessage().contains("2021-01-01T00:00:00Z"), e.getMessage());
        refused(SpiceReason.TLS_CERT_EXPIRED, manager("ca", null, "127.0.0.1"), "expired");
    }
}
