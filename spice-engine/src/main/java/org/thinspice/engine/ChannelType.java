package org.thinspice.engine;

/** SPICE channel types as numbered on the wire (spice/enums.h). */
public enum ChannelType {
    MAIN(1), DISPLAY(2), INPUTS(3), CURSOR(4), PLAYBACK(5), RECORD(6), SMARTCARD(8), USBREDIR(9), PORT(10),
    WEBDAV(11);

    private final int wire;

    ChannelType(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    /** The type for a wire number, or null for one this client does not know. */
    public static ChannelType of(int wire) {
        for (ChannelType t : values()) {
            if (t.wire == wire) {
                return t;
            }
        }
        return null;
    }

    /** Lower-case name as `.vv` files and spice-gtk write it (main, display, inputs, …). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
