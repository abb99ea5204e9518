package org.thinspice.engine;

/** The network path failed: refused, unreachable, timed out, proxy refused, or the peer went away. */
public class SpiceConnectException extends SpiceException {
    public SpiceConnectException(SpiceReason reason, String detail, Throwable cause) {
        super(reason, detail, cause);
    }
}
