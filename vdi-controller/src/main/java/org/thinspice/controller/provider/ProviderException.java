package org.thinspice.controller.provider;

/** A platform refusal or failure, with the kind the API maps to a status. */
public final class ProviderException extends Exception {
    /** What went wrong, in the API's terms. */
    public enum Kind {
        AUTH_FAILED, FORBIDDEN, NOT_FOUND, NOT_RUNNING, UNAVAILABLE, FAILED
    }

    private final Kind kind;

    public ProviderException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ProviderException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
