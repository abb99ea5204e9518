package org.thinspice.fleet;

/** What a simulated terminal does, in order; each is timed and each can fail. */
public enum Step {
    /** {@code POST /terminals/enrol} with a one-time code. */
    ENROL("enrol"),
    /** {@code POST /auth/login} (signed by the terminal). */
    SIGN_IN("sign-in"),
    /** {@code GET /desktops}. */
    LIST("list"),
    /** {@code POST /desktops/{id}/connection}: the one-time {@code .vv}. */
    CONNECTION_FILE("vv"),
    /** From the engine's connect through the gateway to the first display MARK (the picture is there). */
    SPICE_CONNECT("spice"),
    /** The session stays up for the hold time (a failure here is a dropped session). */
    HOLD("hold"),
    /** {@code POST /auth/logout}. */
    SIGN_OUT("sign-out");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
