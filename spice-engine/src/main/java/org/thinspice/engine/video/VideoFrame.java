package org.thinspice.engine.video;

/** One decoded stream frame: {@code width * height} pixels {@code 0xFFRRGGBB}, rows top-down; the array may be
 * reused by its decoder for the next frame ({@link StreamDecoder#decode}). */
public record VideoFrame(int width, int height, int[] argb) {
}
