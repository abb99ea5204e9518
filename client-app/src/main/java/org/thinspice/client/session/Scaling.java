package org.thinspice.client.session;

/** How the guest's screen meets the terminal's. */
public enum Scaling {
    /** Scaled to fit, aspect kept. */
    FIT("fit"),
    /** One guest pixel per screen pixel. */
    ONE_TO_ONE("one-to-one"),
    /** The guest is asked (through its agent) to take the screen's size. */
    FOLLOW("follow");

    private final String key;

    Scaling(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Scaling parse(String s) {
        for (Scaling v : values()) {
            if (v.key.equals(s)) {
                return v;
            }
        }
        return FIT;
    }
}
