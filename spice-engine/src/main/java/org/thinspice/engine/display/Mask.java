package org.thinspice.engine.display;

/**
 * A 1-bit QMask placed on the surface: a pixel is drawn where the mask bit is set (or clear, when
 * inverted). Outside the mask's bitmap nothing is drawn.
 */
public final class Mask {
    private final Pixmap bits;
    private final int originX;
    private final int originY;
    private final boolean invert;

    /**
     * @param bits    the mask image; a pixel counts as set when its RGB is not black
     * @param originX surface x where mask pixel (0,0) lies
     */
    public Mask(Pixmap bits, int originX, int originY, boolean invert) {
        this.bits = bits;
        this.originX = originX;
        this.originY = originY;
        this.invert = invert;
    }

    public boolean allows(int x, int y) {
        int mx = x - originX;
        int my = y - originY;
        if (mx < 0 || my < 0 || mx >= bits.width() || my >= bits.height()) {
            return false;
        }
        boolean set = (bits.at(mx, my) & 0xFFFFFF) != 0;
        return set != invert;
    }
}
