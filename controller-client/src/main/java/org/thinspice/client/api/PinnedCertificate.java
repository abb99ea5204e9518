package org.thinspice.client.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The controller's certificate, fixed at enrolment: a TLS peer is trusted when its certificate's
 * SHA-256 fingerprint is exactly the pinned one — whatever signed it and whatever name it carries —
 * and refused ({@link Changed}) otherwise. Never a fallback to other trust.
 */
public final class PinnedCertificate implements X509TrustManager {
    /** The controller presented another certificate than the pinned one. */
    public static final class Changed extends CertificateException {
        private final String presented;

        Changed(String pinned, String presented) {
            super("the controller's certificate changed: pinned " + pinned + ", presented " + presented);
            this.presented = presented;
        }

        /** SHA-256 fingerprint of what the peer presented. */
        public String presented() {
            return presented;
        }
    }

    private final String pinned;

    public PinnedCertificate(String pinnedSha256) {
        this.pinned = pinnedSha256.toUpperCase(java.util.Locale.ROOT);
    }

    /** SHA-256 of the DER, colon-separated upper-case hex pairs (the controller prints the same). */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the controller presented no certificate");
        }
        String presented = fingerprint(chain[0]);
        if (!presented.equals(pinned)) {
            throw new Changed(pinned, presented);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a terminal does not accept TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** TLS sockets that trust only this pin. */
    public SSLSocketFactory socketFactory() {
        return context(this).getSocketFactory();
    }

    /**
     * The certificate {@code https} controller {@code base} presents, read without trusting it: what a
     * technician confirms by its fingerprint before the terminal pins it.
     */
    public static X509Certificate presentedBy(URI base, Duration timeout) throws IOException {
        X509Certificate[] seen = new X509Certificate[1];
        X509TrustManager look = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain.length == 0 ? null : chain[0];
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        int port = base.getPort() > 0 ? base.getPort() : 443;
        try (SSLSocket s = (SSLSocket) context(look).getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress(base.getHost(), port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.startHandshake();
        }
        if (seen[0] == null) {
            throw new IOException("the controller presented no certificate");
        }
        return seen[0];
    }

    private static SSLContext context(X509TrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JRE", e);
        }
    }
}
