package org.thinspice.engine.display;

/**
 * One head of a display channel's MONITORS_CONFIG: the rectangle {@code (x, y, width, height)} of surface
 * {@code surfaceId} that monitor {@code monitorId} shows.
 */
public record Head(int monitorId, int surfaceId, int x, int y, int width, int height, int flags) {
}
