package org.thinspice.device.vsc;

/** VSC message types ({@code vscard_common.h}; SPICE's {@code SpiceVscMessageType} lists the same nine). */
public enum VscType {
    INIT(1), ERROR(2), READER_ADD(3), READER_REMOVE(4), ATR(5), CARD_REMOVE(6), APDU(7), FLUSH(8), FLUSH_COMPLETE(9);

    public final int code;

    VscType(int code) {
        this.code = code;
    }

    /** The type with {@code code}, or null. */
    public static VscType of(long code) {
        for (VscType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
