package org.thinspice.client.api;

import java.util.List;

/** The answer to a password: signed in, or the controller asks for a second factor. */
public sealed interface LoginOutcome {
    /** {@code ukeyRemoval}: what pulling the UKEY does during the session (nothing / lock / end); null without a UKEY. */
    record SignedIn(String token, String username, String role, String ukeyRemoval) implements LoginOutcome {
        public SignedIn(String token, String username, String role) {
            this(token, username, role, null);
        }
    }

    /** {@code signText}: what the UKEY signs, as the controller words it. */
    record SecondFactor(String challengeId, String nonce, List<String> methods, String signText) implements LoginOutcome {
        public SecondFactor(String challengeId, String nonce, List<String> methods) {
            this(challengeId, nonce, methods, null);
        }
    }
}
