package org.thinspice.engine.cursor;

/**
 * A pointer shape: {@code width * height} non-premultiplied {@code 0xAARRGGBB} pixels, rows top-down, and
 * the hotspot inside it. Treat the array as read-only: a cached shape is reported again with the same array.
 */
public record CursorShape(int width, int height, int hotX, int hotY, int[] argb) {
}
