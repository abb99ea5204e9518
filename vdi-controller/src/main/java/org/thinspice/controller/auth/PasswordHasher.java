package org.thinspice.controller.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes with a per-user 16-byte salt, stored as
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the work factor can rise later
 * without breaking existing hashes.
 */
public final class PasswordHasher {
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int MAX_ITERATIONS = 10_000_000;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** A hash to compare against when the user does not exist, so timing does not reveal user names. */
    private final String decoy;

    public PasswordHasher(int iterations) {
        if (iterations < 1_000 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations out of range: " + iterations);
        }
        this.iterations = iterations;
        this.decoy = hash("decoy".toCharArray());
    }

    public String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] h = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }

    /** Whether {@code password} matches {@code stored}; a null or malformed hash never matches (but costs the same). */
    public boolean verify(char[] password, String stored) {
        String[] parts = (stored == null ? decoy : stored).split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            derive(password, new byte[16], iterations);
            return false;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            if (n < 1_000 || n > MAX_ITERATIONS) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            boolean same = MessageDigest.isEqual(expected, derive(password, salt, n));
            return same && stored != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is mandatory in every JRE", e);
        }
    }
}
