package org.thinspice.device.smartcard;

/** A PC/SC failure, typed by what the person in front of the terminal can do about it. */
public class SmartcardException extends Exception {
    /** What went wrong, in terms of the terminal. */
    public enum Kind {
        /** pcscd does not answer (not installed, not running, restarting). */
        NO_SERVICE,
        /** The named reader is not there (unplugged, or never was). */
        NO_READER,
        /** The reader is empty. */
        NO_CARD,
        /** The card was pulled out (or reset by someone else) while we talked to it. */
        CARD_REMOVED,
        /** Anything else PC/SC reported. */
        OTHER
    }

    private final Kind kind;

    public SmartcardException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public SmartcardException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
