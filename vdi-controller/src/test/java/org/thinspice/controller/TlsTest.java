package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.tls.ControllerCertificate;
import org.thinspice.testbed.Pki;

/**
 * HTTPS by default: a certificate generated on first start (kept, private key 0600) or the PEM pair
 * an administrator gives, HTTP/2 by ALPN, plain HTTP refused on the TLS port, and plain HTTP
 * configured on a non-loopback address refused at start.
 */
class TlsTest {
    private static ControllerConfig tlsConfig(Path dir) {
        ControllerConfig c = Fixtures.config(dir);
        c.listen.plainHttp = false;
        return c;
    }

    @Test
    void generatesACertificateOnFirstStartServesH2AndKeepsIt() throws Exception {
        Path dir = Files.createTempDirectory("ts-tls");
        String fingerprint;
        try (Controller controller = Controller.start(tlsConfig(dir))) {
            Path cert = dir.resolve("tls-cert.pem");
            assertTrue(Files.exists(cert));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls-key.pem"))));
            assertTrue(controller.baseUrl().startsWith("https://127.0.0.1:"), controller.baseUrl());
            X509Certificate pinned = readPem(cert);
            fingerprint = ControllerCertificate.fingerprint(pinned);
            assertEquals(fingerprint, controller.certificate().fingerprint());

            HttpResponse<String> r = trusting(pinned).send(HttpRequest.newBuilder(
                    URI.create(controller.baseUrl() + "/api/v1/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, r.version(), "ALPN did not pick h2");
            assertEquals(fingerprint, servedFingerprint(controller.port()));

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + controller.port() + "/api/v1/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()), "plain HTTP answered on the TLS port");
        }
        try (Controller again = Controller.start(tlsConfig(dir))) {
            assertEquals(fingerprint, servedFingerprint(again.port()), "a restart made a new certificate");
        }
    }

    @Test
    void servesTheCertificateTheAdministratorGives() throws Exception {
        Path dir = Files.createTempDirectory("ts-tls-given");
        Pki pki = Pki.generate(dir.resolve("pki"));
        ControllerConfig c = tlsConfig(dir);
        c.listen.tls.certFile = pki.serverCert().toString();
        c.listen.tls.keyFile = pki.serverKey().toString();
        try (Controller controller = Controller.start(c)) {
            assertEquals(ControllerCertificate.fingerprint(readPem(pki.serverCert())), servedFingerprint(controller.port()));
            assertFalse(Files.exists(dir.resolve("tls-cert.pem")), "generated one although one was given");
        }
        ControllerConfig half = tlsConfig(Files.createTempDirectory("ts-tls-half"));
        half.listen.tls.certFile = pki.serverCert().toString();
        IOException e = assertThrows(IOException.class, () -> Controller.start(half).close());
        assertTrue(e.getMessage().contains("tls-key.pem is missing"), e.getMessage());
    }

    @Test
    void plainHttpOnlyOnLoopback() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-plain"));
        c.listen.host = "0.0.0.0";
        IOException e = assertThrows(IOException.class, () -> Controller.start(c).close());
        assertTrue(e.getMessage().contains("only on a loopback address"), e.getMessage());
    }

    private static X509Certificate readPem(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static HttpClient trusting(X509Certificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("controller", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The fingerprint of the certificate the server presents (read without trusting it). */
    private static String servedFingerprint(int port) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        TrustManager record = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {record}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
        }
        return ControllerCertificate.fingerprint(seen[0]);
    }
}
