package org.thinspice.device.usbredir;

/** The usbredir peer sent something malformed, out of order or over a limit; its channel is closed. */
public class UsbredirProtocolException extends Exception {
    public UsbredirProtocolException(String message) {
        super(message);
    }
}
