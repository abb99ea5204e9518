package org.thinspice.engine.usbredir;

/**
 * Decides, per usbredir channel the server lists, whether the session opens it and what stream serves
 * it. One channel carries one device at a time.
 */
@FunctionalInterface
public interface UsbredirStreams {
    /** The stream for channel {@code channelId}, or null to leave that channel closed. */
    UsbredirStream forChannel(int channelId);
}
