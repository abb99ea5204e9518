package org.thinspice.controller.auth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

/**
 * A UKEY certificate as the controller uses it: parsed from base64 DER (or PEM), named by its SHA-256
 * fingerprint, checked for use (validity dates, key usage digitalSignature, an RSA-2048 or P-256 key —
 * what a PIV card's slot 9A holds), and the signature over a challenge verified with it.
 *
 * <p>Both ends agree on what is signed: the PIV client (device-layer) hashes the text with SHA-256 and
 * has the card sign the hash — PKCS#1 v1.5 for RSA, ECDSA for P-256 — so {@code SHA256withRSA} and
 * {@code SHA256withECDSA} over the same UTF-8 text verify it here.
 */
public final class UkeyCertificateCheck {
    /** Base64 of a certificate larger than this is refused before decoding (a PIV certificate is about 1–2 KB). */
    public static final int MAX_CERTIFICATE_CHARS = 8000;

    /** Why a certificate cannot be used for sign-in. */
    public enum Problem {
        EXPIRED("expired certificate"),
        NOT_YET_VALID("certificate not yet valid"),
        NO_DIGITAL_SIGNATURE("certificate not for signing (key usage lacks digitalSignature)"),
        UNSUPPORTED_KEY("certificate key is neither RSA-2048 nor P-256");

        private final String words;

        Problem(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    private UkeyCertificateCheck() {
    }

    /** Parses base64 DER or PEM; refuses anything else with a sentence. */
    public static X509Certificate parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_CERTIFICATE_CHARS) {
            throw new IllegalArgumentException("a certificate is 1.." + MAX_CERTIFICATE_CHARS + " characters of base64 DER or PEM");
        }
        String b64 = text.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage());
        }
    }

    public static String fingerprint(X509Certificate c) {
        try {
            return Secrets.sha256Hex(c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage());
        }
    }

    public static String base64(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage());
        }
    }

    /** What keeps {@code c} from signing a login at {@code nowMillis}, if anything. */
    public static Optional<Problem> problem(X509Certificate c, long nowMillis) {
        try {
            c.checkValidity(new Date(nowMillis));
        } catch (CertificateExpiredException e) {
            return Optional.of(Problem.EXPIRED);
        } catch (CertificateNotYetValidException e) {
            return Optional.of(Problem.NOT_YET_VALID);
        }
        boolean[] usage = c.getKeyUsage();
        // no extension means no restriction (RFC 5280 4.2.1.3)
        if (usage != null && (usage.length == 0 || !usage[0])) {
            return Optional.of(Problem.NO_DIGITAL_SIGNATURE);
        }
        if (jcaAlgorithm(c.getPublicKey()).isEmpty()) {
            return Optional.of(Problem.UNSUPPORTED_KEY);
        }
        return Optional.empty();
    }

    /** The JCA signature algorithm for a PIV key: RSA-2048 or P-256, nothing else. */
    public static Optional<String> jcaAlgorithm(PublicKey key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() == 2048) {
            return Optional.of("SHA256withRSA");
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                && ec.getParams().getOrder().bitLength() == 256 && isP256(ec)) {
            return Optional.of("SHA256withECDSA");
        }
        return Optional.empty();
    }

    private static boolean isP256(ECPublicKey ec) {
        // the order of NIST P-256 (secp256r1), which tells it from other 256-bit curves
        return ec.getParams().getOrder().equals(new java.math.BigInteger(
                "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16));
    }

    /** Whether {@code signatureB64} is {@code c}'s key's signature over the UTF-8 {@code text}. */
    public static boolean verifies(X509Certificate c, String text, String signatureB64) {
        Optional<String> algorithm = jcaAlgorithm(c.getPublicKey());
        if (algorithm.isEmpty() || signatureB64 == null || signatureB64.length() > 1024) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(algorithm.get());
            s.initVerify(c.getPublicKey());
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signatureB64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
