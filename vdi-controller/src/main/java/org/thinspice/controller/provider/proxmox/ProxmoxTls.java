package org.thinspice.controller.provider.proxmox;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the controller trusts the PVE API: the JRE's trust store, a CA file, or a pinned SHA-256 fingerprint
 * of the API's own certificate — what PVE shows under "Certificates" and what its cluster join uses. With a
 * pin the host name is not checked: the default node certificate names the node, not a cluster VIP or a
 * load balancer in front of it; the pin is a stronger check than the name.
 */
record ProxmoxTls(SSLSocketFactory socketFactory, HostnameVerifier hostnameVerifier) {
    static ProxmoxTls of(Path caFile, String fingerprint) throws IOException, GeneralSecurityException {
        if (!fingerprint.isEmpty()) {
            byte[] pin = parseFingerprint(fingerprint);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Pinned(pin)}, null);
            return new ProxmoxTls(ctx.getSocketFactory(), (host, session) -> true);
        }
        if (caFile != null) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                int i = 0;
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return new ProxmoxTls(ctx.getSocketFactory(), null);
        }
        return new ProxmoxTls(null, null);
    }

    static byte[] parseFingerprint(String text) {
        String hex = text.replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("config: provider.fingerprint must be a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** Accepts exactly the server certificate whose SHA-256 is the pin. */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final byte[] pin;

        Pinned(byte[] pin) {
            this.pin = pin.clone();
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("Proxmox sent no certificate");
            }
            try {
                byte[] got = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
                if (!MessageDigest.isEqual(got, pin)) {
                    throw new CertificateException("the Proxmox API's certificate (SHA-256 "
                            + HexFormat.ofDelimiter(":").withUpperCase().formatHex(got)
                            + ") is not the pinned one — this may not be your Proxmox");
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
