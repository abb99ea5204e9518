package org.thinspice.engine.usbredir;

/** The write side of a usbredir channel; callable from any thread, bytes leave in call order. */
public interface UsbredirOutput {
    /** Queues bytes of the usbredir stream for the guest; the array must not change afterwards. */
    void write(byte[] data);

    /** Closes the channel (the session and other channels stay up). */
    void close();
}
