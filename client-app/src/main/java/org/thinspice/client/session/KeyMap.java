package org.thinspice.client.session;

import java.util.EnumMap;
import java.util.Map;
import javafx.scene.input.KeyCode;
import org.thinspice.engine.inputs.PcKey;

/**
 * JavaFX key codes to PC keyboard positions. JavaFX names keys by their US-layout meaning, which
 * on a US layout is the physical position the guest expects; the guest applies its own layout.
 * JavaFX does not tell left from right modifiers, so Shift/Ctrl/Alt/Meta map to the left keys.
 */
public final class KeyMap {
    private static final Map<KeyCode, PcKey> MAP = new EnumMap<>(KeyCode.class);

    static {
        put(KeyCode.ESCAPE, PcKey.ESCAPE);
        put(KeyCode.DIGIT1, PcKey.DIGIT1);
        put(KeyCode.DIGIT2, PcKey.DIGIT2);
        put(KeyCode.DIGIT3, PcKey.DIGIT3);
        put(KeyCode.DIGIT4, PcKey.DIGIT4);
        put(KeyCode.DIGIT5, PcKey.DIGIT5);
        put(KeyCode.DIGIT6, PcKey.DIGIT6);
        put(KeyCode.DIGIT7, PcKey.DIGIT7);
        put(KeyCode.DIGIT8, PcKey.DIGIT8);
        put(KeyCode.DIGIT9, PcKey.DIGIT9);
        put(KeyCode.DIGIT0, PcKey.DIGIT0);
        put(KeyCode.MINUS, PcKey.MINUS);
        put(KeyCode.EQUALS, PcKey.EQUAL);
        put(KeyCode.BACK_SPACE, PcKey.BACKSPACE);
        put(KeyCode.TAB, PcKey.TAB);
        String letters = "QWERTYUIOPASDFGHJKLZXCVBNM";
        for (char c : letters.toCharArray()) {
            put(KeyCode.valueOf(String.valueOf(c)), PcKey.valueOf(String.valueOf(c)));
        }
        put(KeyCode.OPEN_BRACKET, PcKey.BRACKET_LEFT);
        put(KeyCode.CLOSE_BRACKET, PcKey.BRACKET_RIGHT);
        put(KeyCode.ENTER, PcKey.ENTER);
        put(KeyCode.CONTROL, PcKey.CONTROL_LEFT);
        put(KeyCode.SEMICOLON, PcKey.SEMICOLON);
        put(KeyCode.QUOTE, PcKey.QUOTE);
        put(KeyCode.BACK_QUOTE, PcKey.BACKQUOTE);
        put(KeyCode.DEAD_GRAVE, PcKey.BACKQUOTE);
        put(KeyCode.SHIFT, PcKey.SHIFT_LEFT);
        put(KeyCode.BACK_SLASH, PcKey.BACKSLASH);
        put(KeyCode.COMMA, PcKey.COMMA);
        put(KeyCode.PERIOD, PcKey.PERIOD);
        put(KeyCode.SLASH, PcKey.SLASH);
        put(KeyCode.MULTIPLY, PcKey.NUMPAD_MULTIPLY);
        put(KeyCode.ALT, PcKey.ALT_LEFT);
        put(KeyCode.SPACE, PcKey.SPACE);
        put(KeyCode.CAPS, PcKey.CAPS_LOCK);
        KeyCode[] f = {KeyCode.F1, KeyCode.F2, KeyCode.F3, KeyCode.F4, KeyCode.F5, KeyCode.F6, KeyCode.F7, KeyCode.F8,
            KeyCode.F9, KeyCode.F10, KeyCode.F11, KeyCode.F12};
        for (int i = 0; i < f.length; i++) {
            put(f[i], PcKey.valueOf("F" + (i + 1)));
        }
        put(KeyCode.NUM_LOCK, PcKey.NUM_LOCK);
        put(KeyCode.SCROLL_LOCK, PcKey.SCROLL_LOCK);
        KeyCode[] pad = {KeyCode.NUMPAD0, KeyCode.NUMPAD1, KeyCode.NUMPAD2, KeyCode.NUMPAD3, KeyCode.NUMPAD4,
            KeyCode.NUMPAD5, KeyCode.NUMPAD6, KeyCode.NUMPAD7, KeyCode.NUMPAD8, KeyCode.NUMPAD9};
        for (int i = 0; i < pad.length; i++) {
            put(pad[i], PcKey.valueOf("NUMPAD" + i));
        }
        put(KeyCode.SUBTRACT, PcKey.NUMPAD_SUBTRACT);
        put(KeyCode.ADD, PcKey.NUMPAD_ADD);
        put(KeyCode.DECIMAL, PcKey.NUMPAD_DECIMAL);
        put(KeyCode.SEPARATOR, PcKey.NUMPAD_DECIMAL);
        put(KeyCode.DIVIDE, PcKey.NUMPAD_DIVIDE);
        put(KeyCode.LESS, PcKey.INTL_BACKSLASH);
        put(KeyCode.PRINTSCREEN, PcKey.PRINT_SCREEN);
        put(KeyCode.ALT_GRAPH, PcKey.ALT_RIGHT);
        put(KeyCode.HOME, PcKey.HOME);
        put(KeyCode.UP, PcKey.ARROW_UP);
        put(KeyCode.KP_UP, PcKey.ARROW_UP);
        put(KeyCode.PAGE_UP, PcKey.PAGE_UP);
        put(KeyCode.LEFT, PcKey.ARROW_LEFT);
        put(KeyCode.KP_LEFT, PcKey.ARROW_LEFT);
        put(KeyCode.RIGHT, PcKey.ARROW_RIGHT);
        put(KeyCode.KP_RIGHT, PcKey.ARROW_RIGHT);
        put(KeyCode.END, PcKey.END);
        put(KeyCode.DOWN, PcKey.ARROW_DOWN);
        put(KeyCode.KP_DOWN, PcKey.ARROW_DOWN);
        put(KeyCode.PAGE_DOWN, PcKey.PAGE_DOWN);
        put(KeyCode.INSERT, PcKey.INSERT);
        put(KeyCode.DELETE, PcKey.DELETE);
        put(KeyCode.WINDOWS, PcKey.META_LEFT);
        put(KeyCode.META, PcKey.META_LEFT);
        put(KeyCode.COMMAND, PcKey.META_LEFT);
        put(KeyCode.CONTEXT_MENU, PcKey.CONTEXT_MENU);
    }

    private KeyMap() {
    }

    private static void put(KeyCode k, PcKey p) {
        MAP.put(k, p);
    }

    /** The PC key at the position of {@code code}, or null for keys a PC keyboard does not have. */
    public static PcKey toPcKey(KeyCode code) {
        return code == null ? null : MAP.get(code);
    }

    static int size() {
        return MAP.size();
    }
}
