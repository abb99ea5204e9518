package org.thinspice.controller.store;

/** An enrolled terminal: its Ed25519 public key (base64 X.509 SubjectPublicKeyInfo); {@code revokedAt} null while valid. */
public record Terminal(String id, String name, String publicKey, long enrolledAt, Long revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
