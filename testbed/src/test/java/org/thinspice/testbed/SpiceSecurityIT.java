package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class SpiceSecurityIT {

    @Test
    void passwordModeReportsSpiceAuthAndAcceptsPasswordCommands() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().password("s3cret").start()) {
            JsonObject spice = qemu.qmp().querySpice();
            assertEquals("spice", spice.get("auth").getAsString());
            assertEquals("s3cret", qemu.password());
            qemu.qmp().setPassword("other");
            qemu.qmp().expirePassword("never");
        }
    }

    @Test
    void tlsModeServesTheGeneratedCertificate() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().password("s3cret").tlsForAllChannels().start()) {
            JsonObject spice = qemu.qmp().querySpice();
            assertEquals(qemu.tlsPort(), spice.get("tls-port").getAsInt());
            assertEquals("spice", spice.get("auth").getAsString());
            assertTrue(String.join(" ", qemu.commandLine()).contains("tls-channel=default"));

            X509Certificate ca = cert(qemu.pki().caPem());
            KeyStoreTrust trust = new KeyStoreTrust(ca);
            try (SSLSocket s = (SSLSocket) trust.context.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(qemu.host(), qemu.tlsPort()), 2000);
                s.startHandshake();
                X509Certificate server = (X509Certificate) s.getSession().getPeerCertificates()[0];
                assertEquals(qemu.pki().serverSubjectRfc2253(), server.getSubjectX500Principal().getName());
                server.verify(ca.getPublicKey());
            }
            X509Certificate other = cert(qemu.pki().otherCaPem());
            assertTrue(!other.getSubjectX500Principal().equals(ca.getSubjectX500Principal()));
        }
    }

    private static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    /** An SSLContext that trusts exactly one CA. */
    private static final class KeyStoreTrust {
        final SSLContext context;

        KeyStoreTrust(X509Certificate ca) throws Exception {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
        }
    }
}
