package org.thinspice.client.api;

import java.util.List;

/** The answer to a password: signed in, or the controller asks for a second factor. */
public sealed interface LoginOutcome {
    record SignedIn(String token, String username, String role) implements LoginOutcome {
    }

    record SecondFactor(String challengeId, String nonce, List<String> methods) implements LoginOutcome {
    }
}
