package org.thinspice.engine.display;

/**
 * One encoded frame of a video stream waiting for its multimedia time: when it is due ({@code mmTime}; the
 * server's {@code frameTime} unless that was too far ahead of the clock), encoded size, where it goes on the
 * surface and the codec's bytes (copied out of the message).
 */
record StreamFrame(long mmTime, long frameTime, int width, int height, Rect dest, byte[] data) {
}
