package org.thinspice.engine.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.thinspice.engine.SpiceTlsException;
import org.thinspice.engine.SpiceReason;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * TLS for SPICE channels with spice-common's certificate checks ({@link SpiceTrustManager}): the chain
 * against the {@code .vv}'s CA (or the system's CAs when none is given), then the subject against
 * {@code host-subject} when one is given, otherwise the host name against the certificate.
 *
 * <p>Netty 4.2's client {@code SslContext} turns on HTTPS endpoint identification by default; it would
 * check the host against subjectAltNames even when a {@code host-subject} replaces that check (and would
 * never accept an IP host named only by the CN). It is switched off here, on the context and on each
 * engine, so the SPICE checks are the only identity check.
 */
public final class TlsSupport {
    private final SslContext context;

    /**
     * @param caPem       PEM CA certificate(s) to trust, or null/blank for the system's
     * @param hostSubject the expected server subject ({@code host-subject}), or null/blank to check the host name
     * @param host        the host the connection names (checked when there is no host-subject)
     * @param ciphers     OpenSSL-style cipher list ({@code tls-ciphers}), or null
     */
    public TlsSupport(String caPem, String hostSubject, String host, String ciphers) throws SpiceTlsException {
        HostSubject subject = hostSubject == null || hostSubject.isBlank() ? null : HostSubject.parse(hostSubject);
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(new SpiceTrustManager(chainCheck(caPem), subject, host))
                    .endpointIdentificationAlgorithm(null)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (ciphers != null && !ciphers.isBlank()) {
                b.ciphers(Arrays.asList(ciphers.split("[:,]")));
            }
            context = b.build();
        } catch (SpiceTlsException e) {
            throw e;
        } catch (Exception e) {
            throw new SpiceTlsException(SpiceReason.TLS_FAILED, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** PKIX validation against exactly the given CA certificate(s), or the system's CAs without any. */
    private static X509ExtendedTrustManager chainCheck(String caPem) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caPem == null || caPem.isBlank()) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : parsePem(caPem)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new SpiceTlsException(SpiceReason.TLS_FAILED, "the CA holds no certificate", null);
            }
            tmf.init(ks);
        }
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new SpiceTlsException(SpiceReason.TLS_FAILED, "no X.509 trust manager", null);
    }

    static List<X509Certificate> parsePem(String pem) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends java.security.cert.Certificate> certs =
                cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** A handler for one channel to {@code host:port}. */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        SSLEngine engine = context.newEngine(alloc, host, port);
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm(null);
        engine.setSSLParameters(p);
        return new SslHandler(engine);
    }

    /**
     * Maps a handshake failure to a typed error: the certificate check that failed (chain, dates, subject,
     * host name), or other TLS trouble.
     */
    public static SpiceTlsException classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateCheckException check) {
                return new SpiceTlsException(check.reason(), check.getMessage(), t);
            }
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new SpiceTlsException(SpiceReason.TLS_FAILED, msg, t);
    }
}
