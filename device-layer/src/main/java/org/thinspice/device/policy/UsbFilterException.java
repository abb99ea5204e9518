package org.thinspice.device.policy;

/** A USB filter string that does not parse; the message names the bad rule and what is wrong with it. */
public class UsbFilterException extends Exception {
    public UsbFilterException(String message) {
        super(message);
    }
}
