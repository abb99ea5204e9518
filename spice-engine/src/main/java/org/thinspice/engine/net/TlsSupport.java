package org.thinspice.engine.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.thinspice.engine.SpiceConnectException;
import org.thinspice.engine.SpiceReason;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * TLS for SPICE channels: trust the given CA (or the system's), then check the server either against
 * {@code host-subject} (when given; needed where the host is a proxy ticket, not a name) or against
 * the host name / IP address.
 */
public final class TlsSupport {
    private final SslContext context;
    private final String hostSubject;

    public TlsSupport(String caPem, String hostSubject, String ciphers) throws SpiceConnectException {
        this.hostSubject = hostSubject == null || hostSubject.isBlank() ? null : hostSubject;
        try {
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
                    throw new SpiceConnectException(SpiceReason.TLS_FAILED, "the CA holds no certificate", null);
                }
                tmf.init(ks);
            }
            X509ExtendedTrustManager base = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    base = x;
                }
            }
            if (base == null) {
                throw new SpiceConnectException(SpiceReason.TLS_FAILED, "no X.509 trust manager", null);
            }
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(new SubjectCheckingTrustManager(base, this.hostSubject))
                    .protocols("TLSv1.3", "TLSv1.2");
            if (ciphers != null && !ciphers.isBlank()) {
                b.ciphers(Arrays.asList(ciphers.split("[:,]")));
            }
            context = b.build();
        } catch (SpiceConnectException e) {
            throw e;
        } catch (Exception e) {
            throw new SpiceConnectException(SpiceReason.TLS_FAILED, "cannot set up TLS: " + e.getMessage(), e);
        }
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
        if (hostSubject == null) {
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(p);
        }
        return new SslHandler(engine);
    }

    /** Maps a handshake failure to a typed error: untrusted certificate vs. other TLS trouble. */
    public static SpiceConnectException classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateException) {
                return new SpiceConnectException(SpiceReason.TLS_UNTRUSTED, c.getMessage(), t);
            }
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (msg.contains("certificate") || msg.contains("PKIX") || msg.contains("subject")) {
            return new SpiceConnectException(SpiceReason.TLS_UNTRUSTED, msg, t);
        }
        return new SpiceConnectException(SpiceReason.TLS_FAILED, msg, t);
    }

    /**
     * Compares a subject as remote-viewer writes {@code host-subject} ("C=XX,O=Org,CN=name") with a
     * certificate's subject: the same attribute/value pairs, order and spacing aside.
     */
    static boolean subjectMatches(String expected, X500Principal actual) {
        List<String> want = rdns(expected);
        List<String> have = rdns(actual.getName(X500Principal.RFC1779));
        want.sort(null);
        have.sort(null);
        return want.equals(have);
    }

    private static List<String> rdns(String dn) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < dn.length(); i++) {
            char ch = dn.charAt(i);
            if (ch == '\\' && i + 1 < dn.length()) {
                cur.append(dn.charAt(++i));
            } else if (ch == '"') {
                quoted = !quoted;
            } else if ((ch == ',' || ch == ';') && !quoted) {
                add(out, cur);
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder rdn) {
        String s = rdn.toString().trim();
        int eq = s.indexOf('=');
        if (eq > 0) {
            String key = s.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            if (key.equals("OID.2.5.4.8")) {
                key = "ST";
            }
            out.add(key + "=" + s.substring(eq + 1).trim());
        }
    }

    /** Chain validation by the CA, then the host-subject comparison when one is configured. */
    private static final class SubjectCheckingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager base;
        private final String hostSubject;

        SubjectCheckingTrustManager(X509ExtendedTrustManager base, String hostSubject) {
            this.base = base;
            this.hostSubject = hostSubject;
        }

        private void checkSubject(X509Certificate[] chain) throws CertificateException {
            if (hostSubject != null && !subjectMatches(hostSubject, chain[0].getSubjectX500Principal())) {
                throw new CertificateException("server certificate subject '"
                        + chain[0].getSubjectX500Principal().getName(X500Principal.RFC1779)
                        + "' does not match host-subject '" + hostSubject + "'");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (hostSubject != null) {
                // the subject is the identity check: the host is then a proxy ticket (pvespiceproxy:…,
                // tsg1.…), not a name, and the engine-aware check would test it as one (Netty 4.2's client
                // default turns that on) — validate the chain alone, then compare the subject
                base.checkServerTrusted(chain, authType);
            } else {
                base.checkServerTrusted(chain, authType, engine);
            }
            checkSubject(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (hostSubject != null) {
                base.checkServerTrusted(chain, authType);
            } else {
                base.checkServerTrusted(chain, authType, socket);
            }
            checkSubject(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            base.checkServerTrusted(chain, authType);
            checkSubject(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return base.getAcceptedIssuers();
        }
    }
}
