package org.thinspice.engine;

/** The server answered the link message with an error code, or the link exchange broke. */
public class SpiceLinkException extends SpiceException {
    private final int linkError;

    public SpiceLinkException(SpiceReason reason, int linkError, String detail) {
        super(reason, detail);
        this.linkError = linkError;
    }

    /** The server's {@code SpiceLinkErr} code, or -1 when the failure was not a server answer. */
    public int linkError() {
        return linkError;
    }
}
