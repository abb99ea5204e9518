package org.thinspice.engine.video;

/** One decoded stream frame: {@code width * height} pixels {@code 0xFFRRGGBB}, rows top-down. */
public record VideoFrame(int width, int height, int[] argb) {
}
