package org.thinspice.testbed;

import java.io.IOException;

/** A PPM file that is malformed, truncated or larger than {@link Ppm}'s caps. */
public final class PpmFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public PpmFormatException(String message) {
        super(message);
    }
}
