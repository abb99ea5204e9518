package org.thinspice.engine;

/** An image payload that cannot be decoded: bad magic, truncated stream, references out of range. */
public class SpiceImageException extends SpiceProtocolException {
    public SpiceImageException(String detail) {
        super(SpiceReason.IMAGE_ERROR, detail);
    }

    public SpiceImageException(String detail, Throwable cause) {
        super(SpiceReason.IMAGE_ERROR, detail, cause);
    }
}
