package org.thinspice.client.login;

/**
 * Answers the controller's second-factor challenge with the PIN a person typed: the UKEY work
 * signs the challenge with the token's key. Until it lands, {@link #NONE} says no UKEY is present.
 */
public interface SecondFactorResponder {
    SecondFactorResponder NONE = (challengeId, nonce, pin) -> {
        throw new UkeyUnavailableException();
    };

    /** The {@code response} field of POST /auth/second-factor (method {@code ukey}). */
    String respond(String challengeId, String nonce, char[] pin) throws Exception;

    /** No token inserted, or no reader. */
    final class UkeyUnavailableException extends Exception {
        public UkeyUnavailableException() {
            super("no UKEY present");
        }
    }
}
