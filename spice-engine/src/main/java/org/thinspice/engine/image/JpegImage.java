package org.thinspice.engine.image;

/** A decoded JPEG picture: {@code width * height} pixels, {@code 0xAARRGGBB}, rows top-down, alpha 0xFF. */
public final class JpegImage {
    private final int width;
    private final int height;
    private final int[] argb;

    JpegImage(int width, int height, int[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixels themselves (not a copy). */
    public int[] argb() {
        return argb;
    }
}
