package org.thinspice.engine.inputs;

/** SPICE mouse buttons: the wire number and the bit in the buttons-state mask. */
public enum MouseButton {
    LEFT(1, 1), MIDDLE(2, 2), RIGHT(3, 4), WHEEL_UP(4, 8), WHEEL_DOWN(5, 16), SIDE(6, 32), EXTRA(7, 64);

    private final int wire;
    private final int mask;

    MouseButton(int wire, int mask) {
        this.wire = wire;
        this.mask = mask;
    }

    public int wire() {
        return wire;
    }

    public int mask() {
        return mask;
    }
}
