package org.thinspice.controller.store;

/**
 * A signed-in session, found by the SHA-256 of its bearer token. {@code providerState} is what the
 * cloud platform gave at login (e.g. the Proxmox ticket + CSRF token) — it never leaves the server.
 */
public record Session(String tokenHash, String username, String role, String terminalId, long createdAt,
        long expiresAt, boolean revoked, String providerState) {
}
