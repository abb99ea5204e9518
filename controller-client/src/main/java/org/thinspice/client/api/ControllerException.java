package org.thinspice.client.api;

/** A controller call that did not succeed, sorted into what the kiosk tells a person. */
public final class ControllerException extends Exception {
    public enum Kind {
        /** No TCP connection, timeout, or not an HTTP answer: "cannot reach the controller". */
        UNREACHABLE,
        WRONG_CREDENTIALS,
        /** Too many failures; {@link #retryAfterSeconds()} says how long. */
        LOCKED,
        /** The session token is no longer good: sign in again. */
        SIGNED_OUT,
        BAD_ENROLMENT_CODE,
        /** This terminal's signature was refused (revoked, clock off, not enrolled). */
        TERMINAL_REFUSED,
        /** Anything else the controller refused (message from its answer). */
        REFUSED,
        /**
         * The controller presented another TLS certificate than the one pinned at enrolment; the
         * message is the presented certificate's fingerprint. The kiosk stops with its own screen.
         */
        CERTIFICATE_CHANGED
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final int retryAfterSeconds;

    public ControllerException(Kind kind, int status, String code, String message, int retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ControllerException unreachable(String message) {
        return new ControllerException(Kind.UNREACHABLE, 0, "unreachable", message, 0);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** The controller's machine code ({@code wrong_credentials}, {@code account_locked}, …). */
    public String code() {
        return code;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
