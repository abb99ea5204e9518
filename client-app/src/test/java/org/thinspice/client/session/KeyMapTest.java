package org.thinspice.client.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.inputs.PcKey;

class KeyMapTest {
    @Test
    void lettersDigitsAndPunctuationSitWhereAUsKeyboardHasThem() {
        assertEquals(0x1e, KeyMap.toPcKey(KeyCode.A).code());
        assertEquals(0x10, KeyMap.toPcKey(KeyCode.Q).code());
        assertEquals(0x2c, KeyMap.toPcKey(KeyCode.Z).code());
        assertEquals(0x02, KeyMap.toPcKey(KeyCode.DIGIT1).code());
        assertEquals(0x0b, KeyMap.toPcKey(KeyCode.DIGIT0).code());
        assertEquals(0x29, KeyMap.toPcKey(KeyCode.BACK_QUOTE).code());
        assertEquals(0x2b, KeyMap.toPcKey(KeyCode.BACK_SLASH).code());
        assertEquals(0x56, KeyMap.toPcKey(KeyCode.LESS).code(), "the ISO key left of Z");
    }

    @Test
    void navigationKeysAreExtended() {
        for (KeyCode k : new KeyCode[] {KeyCode.UP, KeyCode.DOWN, KeyCode.LEFT, KeyCode.RIGHT, KeyCode.HOME, KeyCode.END,
            KeyCode.PAGE_UP, KeyCode.PAGE_DOWN, KeyCode.INSERT, KeyCode.DELETE, KeyCode.DIVIDE, KeyCode.WINDOWS}) {
            assertTrue(KeyMap.toPcKey(k).isExtended(), k.toString());
        }
        assertEquals(PcKey.NUMPAD7, KeyMap.toPcKey(KeyCode.NUMPAD7));
        assertEquals(PcKey.F12, KeyMap.toPcKey(KeyCode.F12));
        assertEquals(PcKey.ALT_RIGHT, KeyMap.toPcKey(KeyCode.ALT_GRAPH));
    }

    @Test
    void everyMainBlockKeyIsReachable() {
        EnumSet<PcKey> reached = EnumSet.noneOf(PcKey.class);
        for (KeyCode k : KeyCode.values()) {
            PcKey p = KeyMap.toPcKey(k);
            if (p != null) {
                reached.add(p);
            }
        }
        // Right-hand modifiers and the numpad Enter: JavaFX gives no way to tell them from the left ones.
        Set<PcKey> unreachable = EnumSet.complementOf(reached);
        assertEquals(EnumSet.of(PcKey.SHIFT_RIGHT, PcKey.CONTROL_RIGHT, PcKey.META_RIGHT, PcKey.NUMPAD_ENTER, PcKey.INTL_RO,
                PcKey.INTL_YEN), unreachable);
        assertNull(KeyMap.toPcKey(KeyCode.UNDEFINED));
        assertNull(KeyMap.toPcKey(null));
    }
}
