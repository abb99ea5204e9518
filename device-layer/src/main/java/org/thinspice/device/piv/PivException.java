package org.thinspice.device.piv;

/**
 * A PIV operation that did not succeed, with a {@link Reason} the kiosk turns into its own words, and the tries
 * left for a wrong PIN. Messages never contain the PIN.
 */
public class PivException extends Exception {
    public enum Reason {
        /** No PIV application on the card: "this card is not a supported UKEY". */
        NOT_SUPPORTED_UKEY,
        /** The PIN was wrong; {@link #triesLeft()} says how many tries remain. */
        WRONG_PIN,
        /** The PIN is blocked (no tries left); only the PUK / an administrator can unblock it. */
        PIN_BLOCKED,
        /** The operation needs a verified PIN first. */
        PIN_REQUIRED,
        /** The PIN does not fit PIV's rules (1–8 printable ASCII characters). */
        PIN_FORMAT,
        /** The slot holds no certificate (or no key). */
        NO_CERTIFICATE,
        /** The card was pulled out while we talked to it. */
        CARD_REMOVED,
        /** PC/SC failed (service down, reader gone, …); see the cause. */
        READER_ERROR,
        /** The card answered with an error status. */
        CARD_ERROR,
        /** The card's answer does not parse. */
        MALFORMED_RESPONSE
    }

    private final Reason reason;
    private final int triesLeft;

    public PivException(Reason reason, String message) {
        this(reason, message, -1, null);
    }

    public PivException(Reason reason, String message, Throwable cause) {
        this(reason, message, -1, cause);
    }

    public PivException(Reason reason, String message, int triesLeft, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.triesLeft = triesLeft;
    }

    public Reason reason() {
        return reason;
    }

    /** Tries left after a {@link Reason#WRONG_PIN}, 0 when blocked, -1 when not known or not applicable. */
    public int triesLeft() {
        return triesLeft;
    }
}
