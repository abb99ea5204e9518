package org.thinspice.engine.agent;

/** vdagent clipboard types. */
public enum ClipboardType {
    UTF8_TEXT(1), IMAGE_PNG(2), IMAGE_BMP(3), IMAGE_TIFF(4), IMAGE_JPG(5);

    private final int wire;

    ClipboardType(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    /** The type for a wire number, or null for one this client does not handle. */
    public static ClipboardType of(int wire) {
        for (ClipboardType t : values()) {
            if (t.wire == wire) {
                return t;
            }
        }
        return null;
    }
}
