package org.thinspice.device.piv;

import java.util.Arrays;

/** A response APDU split into data and status word. */
public record ResponseApdu(byte[] data, int sw) {
    /** The most a PIV response is allowed to carry here (objects are at most a few KiB). */
    public static final int MAX_LENGTH = 65536 + 2;

    /** Splits {@code raw} (data ‖ SW1 SW2); rejects fewer than 2 bytes and more than {@link #MAX_LENGTH}. */
    public static ResponseApdu parse(byte[] raw) throws PivException {
        if (raw == null || raw.length < 2) {
            throw new PivException(PivException.Reason.MALFORMED_RESPONSE,
                    "the card's answer is shorter than a status word");
        }
        if (raw.length > MAX_LENGTH) {
            throw new PivException(PivException.Reason.MALFORMED_RESPONSE,
                    "the card's answer is " + raw.length + " bytes, over the limit of " + MAX_LENGTH);
        }
        int sw = ((raw[raw.length - 2] & 0xFF) << 8) | (raw[raw.length - 1] & 0xFF);
        return new ResponseApdu(Arrays.copyOf(raw, raw.length - 2), sw);
    }

    public int sw1() {
        return sw >> 8;
    }

    public boolean ok() {
        return sw == 0x9000;
    }

    @Override
    public String toString() {
        return String.format("ResponseApdu[%d bytes, SW %04X]", data.length, sw);
    }
}
