package org.thinspice.engine.display;

/** A decoded image: {@code width * height} ARGB pixels, top-down. */
public record Pixmap(int width, int height, int[] pixels) {
    public int at(int x, int y) {
        return pixels[y * width + x];
    }
}
