package org.thinspice.engine.display;

/**
 * One encoded frame of a video stream waiting for its multimedia time: encoded size, where it goes on
 * the surface and the codec's bytes (copied out of the message).
 */
record StreamFrame(long mmTime, int width, int height, Rect dest, byte[] data) {
}
