package org.thinspice.client.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** The administrator PIN that guards settings and leaving the kiosk: PBKDF2, salted; a default until changed. */
public final class AdminPin {
    /** What a fresh terminal accepts until an administrator sets its own PIN (README says so). */
    public static final String DEFAULT_PIN = "123456";
    private static final int ITERATIONS = 20_000;

    private AdminPin() {
    }

    public static String hash(String pin) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return "pbkdf2$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(pin, salt, ITERATIONS));
    }

    public static boolean verify(String pin, String stored) {
        if (pin == null) {
            return false;
        }
        if (stored == null || stored.isEmpty()) {
            return MessageDigest.isEqual(pin.getBytes(), DEFAULT_PIN.getBytes());
        }
        String[] p = stored.split("\\$");
        if (p.length != 4 || !p[0].equals("pbkdf2")) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(p[2]);
        return MessageDigest.isEqual(derive(pin, salt, Integer.parseInt(p[1])), Base64.getDecoder().decode(p[3]));
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(pin.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 unavailable", e);
        }
    }
}
