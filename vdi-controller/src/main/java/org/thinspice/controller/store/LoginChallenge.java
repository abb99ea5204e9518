package org.thinspice.controller.store;

import java.util.List;

/** A login waiting for its second factor: the nonce to sign (UKEY) or the platform's pending state (TOTP). */
public record LoginChallenge(String id, String username, String terminalId, String nonce, List<String> methods,
        long expiresAt, String providerState) {
}
