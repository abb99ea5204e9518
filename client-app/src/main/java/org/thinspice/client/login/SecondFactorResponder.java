package org.thinspice.client.login;

import java.util.function.Consumer;

/**
 * The terminal's UKEY as the sign-in screen needs it: whether a reader and a card are there (and
 * changes to that), the PIN tries left, and the answer to a challenge — the card's certificate and
 * its signature over the controller's text after the PIN. The PIN never leaves this call and is never
 * logged. {@link #NONE} is a terminal without PC/SC.
 */
public interface SecondFactorResponder {
    SecondFactorResponder NONE = new SecondFactorResponder() {
        @Override
        public UkeyAnswer respond(String signText, char[] pin) throws UkeyFailure {
            throw new UkeyFailure(UkeyFailure.Kind.NO_UKEY, "no UKEY present", -1);
        }
    };

    /** What the reader side shows right now. */
    enum Presence { NO_SERVICE, NO_READER, NO_CARD, READY }

    /** The certificate (base64 DER) and signature (base64) for POST /auth/second-factor. */
    record UkeyAnswer(String certificate, String signature) {
    }

    /** Signs {@code signText} (UTF-8) with the UKEY after verifying {@code pin}; blocking. */
    UkeyAnswer respond(String signText, char[] pin) throws UkeyFailure;

    /** Now, without touching the card; blocking. */
    default Presence presence() {
        return Presence.NO_READER;
    }

    /** Tries left before the card blocks (no try spent); -1 when unknown; blocking. */
    default int triesLeft() {
        return -1;
    }

    /**
     * One line per reader for diagnostics: its name, and for a card its ATR, whether it answers PIV
     * (✓ / ✗), the certificate subject and the PIN tries left, or the problem. Blocking.
     */
    default java.util.List<String> describeReaders() {
        return java.util.List.of();
    }

    /** Told every change of {@link #presence()}, on another thread. */
    default void watch(Consumer<Presence> listener) {
    }

    /** Why the UKEY did not answer, sorted into what the kiosk tells a person. */
    final class UkeyFailure extends Exception {
        public enum Kind { NO_UKEY, WRONG_PIN, BLOCKED, NOT_SUPPORTED, REMOVED, PIN_FORMAT, READER }

        private final Kind kind;
        private final int triesLeft;

        public UkeyFailure(Kind kind, String message, int triesLeft) {
            super(message);
            this.kind = kind;
            this.triesLeft = triesLeft;
        }

        public Kind kind() {
            return kind;
        }

        public int triesLeft() {
            return triesLeft;
        }
    }
}
