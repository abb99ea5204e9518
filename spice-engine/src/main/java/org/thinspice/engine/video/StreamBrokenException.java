package org.thinspice.engine.video;

import org.thinspice.engine.SpiceImageException;

/** The decoder of a stream failed as a whole (pipeline error, no output): the stream ends, the session stays. */
public final class StreamBrokenException extends SpiceImageException {
    public StreamBrokenException(String message) {
        super(message);
    }
}
