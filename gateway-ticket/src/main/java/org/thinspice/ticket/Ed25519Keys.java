package org.thinspice.ticket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys in PEM: PKCS#8 private keys for the controller, X.509 SubjectPublicKeyInfo public keys for gateways. */
public final class Ed25519Keys {
    private static final int MAX_PEM = 16 * 1024;

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    }

    public static PublicKey publicKey(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    }

    /** Reads a PKCS#8 PEM private key file. */
    public static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
        return privateKey(Files.readString(pem, StandardCharsets.US_ASCII));
    }

    /**
     * Generates a key pair and writes {@code pem} (PKCS#8, mode 600 where supported) and {@code <pem>.pub}
     * (SubjectPublicKeyInfo, for the gateways); returns the private key.
     */
    public static PrivateKey generate(Path pem) throws IOException {
        KeyPair kp = generate();
        if (pem.getParent() != null) {
            Files.createDirectories(pem.getParent());
        }
        Files.writeString(pem, toPem(kp.getPrivate()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system; the operator secures the directory
        }
        Files.writeString(pem.resolveSibling(pem.getFileName() + ".pub"), toPem(kp.getPublic()), StandardCharsets.US_ASCII);
        return kp.getPrivate();
    }

    public static String toPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(String pem, String label) throws GeneralSecurityException {
        if (pem.length() > MAX_PEM) {
            throw new GeneralSecurityException("PEM text too long");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new GeneralSecurityException("no " + label + " PEM block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new GeneralSecurityException("bad base64 in " + label + " PEM block", ex);
        }
    }
}
