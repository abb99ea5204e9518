package org.thinspice.controller.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checks a UKEY's answer to a login challenge against a bare public key enrolled for the user (the
 * path from before certificates; {@link UkeyCertificateCheck} is the certificate path). The signed
 * text binds the challenge, its nonce and the terminal it was issued to:
 * {@code thinspice-login\n<challenge id>\n<nonce>\n<terminal id>} (base64 SubjectPublicKeyInfo;
 * EC → SHA256withECDSA as PIV signs, RSA → SHA256withRSA, Ed25519).
 */
public final class UkeyResponse {
    private UkeyResponse() {
    }

    public static String signedText(String challengeId, String nonce, String terminalId) {
        return "thinspice-login\n" + challengeId + "\n" + nonce + "\n" + terminalId;
    }

    public static boolean verify(String publicKeyB64, String signedText, String signatureB64) {
        try {
            byte[] der = Base64.getDecoder().decode(publicKeyB64);
            PublicKey key = null;
            String algorithm = null;
            for (String[] kind : new String[][] {{"EC", "SHA256withECDSA"}, {"RSA", "SHA256withRSA"}, {"Ed25519", "Ed25519"}}) {
                try {
                    key = KeyFactory.getInstance(kind[0]).generatePublic(new X509EncodedKeySpec(der));
                    algorithm = kind[1];
                    break;
                } catch (GeneralSecurityException wrongKind) {
                    // try the next algorithm
                }
            }
            if (key == null) {
                return false;
            }
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(signedText.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signatureB64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code b64} is a public key this class can use (for admin input checks). */
    public static boolean isUsableKey(String b64) {
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            for (String kind : new String[] {"EC", "RSA", "Ed25519"}) {
                try {
                    KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(der));
                    return true;
                } catch (GeneralSecurityException wrongKind) {
                    // try the next algorithm
                }
            }
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
