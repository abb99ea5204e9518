package org.thinspice.engine;

/** Malformed, truncated, out-of-range or oversized data from the peer. The channel is closed. */
public class SpiceProtocolException extends SpiceException {
    public SpiceProtocolException(String detail) {
        super(SpiceReason.PROTOCOL_ERROR, detail);
    }

    public SpiceProtocolException(SpiceReason reason, String detail) {
        super(reason, detail);
    }

    public SpiceProtocolException(SpiceReason reason, String detail, Throwable cause) {
        super(reason, detail, cause);
    }
}
