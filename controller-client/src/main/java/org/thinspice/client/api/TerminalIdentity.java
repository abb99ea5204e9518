package org.thinspice.client.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The terminal's own Ed25519 key: made on this terminal at enrolment and never sent anywhere but as
 * its public half. Signs API calls as the controller's TerminalAuth expects:
 * {@code tsr1\nMETHOD\nPATH?QUERY\nUNIX-SECONDS\nNONCE\nsha256hex(body)}.
 */
public final class TerminalIdentity {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PrivateKey privateKey;
    private final String publicKeyB64;

    private TerminalIdentity(PrivateKey privateKey, String publicKeyB64) {
        this.privateKey = privateKey;
        this.publicKeyB64 = publicKeyB64;
    }

    public static TerminalIdentity generate() throws GeneralSecurityException {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new TerminalIdentity(kp.getPrivate(), b64(kp.getPublic()));
    }

    /** Writes the private key (PKCS#8, owner-only) and the public key beside it. */
    public void save(Path privateFile) throws IOException {
        Files.createDirectories(privateFile.toAbsolutePath().getParent());
        Path tmp = privateFile.resolveSibling(privateFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, privateKey.getEncoded());
        Files.move(tmp, privateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(privateFile.resolveSibling(privateFile.getFileName() + ".pub"), publicKeyB64, StandardCharsets.US_ASCII);
    }

    public static TerminalIdentity load(Path privateFile) throws IOException {
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey pk = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
            String pub = Files.readString(privateFile.resolveSibling(privateFile.getFileName() + ".pub"), StandardCharsets.US_ASCII).trim();
            return new TerminalIdentity(pk, pub);
        } catch (GeneralSecurityException e) {
            throw new IOException("bad terminal key " + privateFile + ": " + e.getMessage(), e);
        }
    }

    /** Base64 X.509 SubjectPublicKeyInfo, what the enrolment call carries. */
    public String publicKeyB64() {
        return publicKeyB64;
    }

    public static String signedText(String method, String target, long unixSeconds, String nonce, byte[] body) {
        return "tsr1\n" + method + "\n" + target + "\n" + unixSeconds + "\n" + nonce + "\n" + sha256Hex(body);
    }

    public String sign(String method, String target, long unixSeconds, String nonce, byte[] body) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(signedText(method, target, unixSeconds, nonce, body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** 22 characters of [A-Za-z0-9_-], fresh per request. */
    public static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(PublicKey k) {
        return Base64.getEncoder().encodeToString(k.getEncoded());
    }
}
