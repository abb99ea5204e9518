package org.thinspice.gateway;

/** A CONNECT that is answered with a {@link Refusal}. */
public final class RefusalException extends Exception {
    private final Refusal refusal;

    public RefusalException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
