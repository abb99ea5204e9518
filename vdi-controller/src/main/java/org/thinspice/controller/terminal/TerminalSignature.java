package org.thinspice.controller.terminal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.thinspice.controller.auth.Secrets;

/**
 * How a terminal signs its API calls: Ed25519 over
 * {@code tsr1\n<METHOD>\n<path?query>\n<unix seconds>\n<nonce>\n<sha256 hex of body>}, sent as headers
 * {@code X-Terminal-Id}, {@code X-Terminal-Time}, {@code X-Terminal-Nonce} (8..64 of [A-Za-z0-9_-], fresh
 * per request) and {@code X-Terminal-Signature} (base64).
 */
public final class TerminalSignature {
    public static final String ID_HEADER = "X-Terminal-Id";
    public static final String TIME_HEADER = "X-Terminal-Time";
    public static final String NONCE_HEADER = "X-Terminal-Nonce";
    public static final String SIGNATURE_HEADER = "X-Terminal-Signature";

    private TerminalSignature() {
    }

    public static String signedText(String method, String target, long unixSeconds, String nonce, byte[] body) {
        return "tsr1\n" + method + "\n" + target + "\n" + unixSeconds + "\n" + nonce + "\n" + Secrets.sha256Hex(body);
    }

    /** The base64 signature a terminal holding {@code key} sends (clients and tests use this). */
    public static String sign(PrivateKey key, String method, String target, long unixSeconds, String nonce, byte[] body) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signedText(method, target, unixSeconds, nonce, body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static boolean verify(String publicKeyB64, String signatureB64, String method, String target, long unixSeconds,
            String nonce, byte[] body) {
        try {
            PublicKey key = publicKey(publicKeyB64);
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signedText(method, target, unixSeconds, nonce, body).getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signatureB64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Parses a base64 X.509 SubjectPublicKeyInfo Ed25519 key. */
    public static PublicKey publicKey(String b64) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64", e);
        }
    }
}
