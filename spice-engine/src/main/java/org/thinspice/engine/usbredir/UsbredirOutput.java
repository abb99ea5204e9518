package org.thinspice.engine.usbredir;

/** The write side of a usbredir channel; callable from any thread, bytes leave in call order. */
public interface UsbredirOutput {
    /** Queues bytes of the usbredir stream for the guest; the array must not change afterwards. */
    void write(byte[] data);

    /**
     * Whether LZ4 may be used for what follows (when both sides announced it). A stream turns it off
     * while an isochronous device is attached: its data is time-critical and rarely compresses.
     */
    default void compress(boolean allowed) {
    }

    /** Closes the channel (the session and other channels stay up). */
    void close();
}
