package org.thinspice.controller.store;

/**
 * A UKEY certificate enrolled for a user: the DER (base64) as read from the card's PIV slot 9A, its
 * SHA-256 fingerprint (lower-case hex, the key), subject and end of validity for listings.
 */
public record UkeyCertificate(String fingerprint, String username, String certificate, String subject, long notAfter,
        long enrolledAt, String enrolledBy) {
}
