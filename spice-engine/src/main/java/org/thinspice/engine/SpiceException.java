package org.thinspice.engine;

/** Base of every error the engine reports; carries a {@link SpiceReason} for the application. */
public class SpiceException extends Exception {
    private final SpiceReason reason;

    public SpiceException(SpiceReason reason, String detail) {
        this(reason, detail, null);
    }

    public SpiceException(SpiceReason reason, String detail, Throwable cause) {
        super(detail == null || detail.isEmpty() ? reason.sentence() : reason.sentence() + " (" + detail + ")", cause);
        this.reason = reason;
    }

    public SpiceReason reason() {
        return reason;
    }
}
