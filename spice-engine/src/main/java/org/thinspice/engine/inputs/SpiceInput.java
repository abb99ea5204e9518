package org.thinspice.engine.inputs;

import java.util.List;

/**
 * Keyboard and mouse towards the guest. Thread-safe; calls return at once and are sent in order.
 * Key codes are set-1 make codes, {@code 0x100 |} for 0xE0-prefixed keys ({@link PcKey#code()}).
 */
public interface SpiceInput {
    void keyDown(int code);

    void keyUp(int code);

    /** Sets the guest's Caps/Num/Scroll lock state (SCROLL 1, NUM 2, CAPS 4) to match the terminal's. */
    void setLocks(int locks);

    /** Relative motion (server mouse mode). */
    void mouseMotion(int dx, int dy);

    /** Absolute position on a display (client mouse mode). */
    void mousePosition(int x, int y, int displayId);

    void buttonDown(MouseButton button);

    void buttonUp(MouseButton button);

    /** Wheel steps: negative scrolls up, positive down. */
    void wheel(int steps);

    default void keyDown(PcKey key) {
        keyDown(key.code());
    }

    default void keyUp(PcKey key) {
        keyUp(key.code());
    }

    /** Press and release. */
    default void tap(PcKey key) {
        keyDown(key);
        keyUp(key);
    }

    /** Secure attention: Ctrl+Alt+Del, which the terminal's own OS would otherwise take. */
    default void ctrlAltDel() {
        keyDown(PcKey.CONTROL_LEFT);
        keyDown(PcKey.ALT_LEFT);
        keyDown(PcKey.DELETE);
        keyUp(PcKey.DELETE);
        keyUp(PcKey.ALT_LEFT);
        keyUp(PcKey.CONTROL_LEFT);
    }

    /**
     * Types ASCII text as on a US layout (automation; people type through the key mapping). The strokes
     * go out at once: QEMU's emulated PS/2 keyboard queues only a few bytes, so a slow (TCG) guest can
     * lose keys from a long burst — callers typing more than a few characters should pace them.
     */
    default void type(String text) {
        List<UsText.Stroke> strokes = UsText.strokes(text);
        for (UsText.Stroke s : strokes) {
            if (s.shift()) {
                keyDown(PcKey.SHIFT_LEFT);
            }
            tap(s.key());
            if (s.shift()) {
                keyUp(PcKey.SHIFT_LEFT);
            }
        }
    }
}
