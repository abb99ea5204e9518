package org.thinspice.engine.inputs;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns ASCII text into key strokes as typed on a US layout (with Shift where needed). For automation
 * and tests; people type through the application's key mapping.
 */
public final class UsText {
    private static final String PLAIN = "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./ \n\t";
    private static final String SHIFTED = "!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>?";
    private static final PcKey[] KEYS = {
        PcKey.DIGIT1, PcKey.DIGIT2, PcKey.DIGIT3, PcKey.DIGIT4, PcKey.DIGIT5, PcKey.DIGIT6, PcKey.DIGIT7,
        PcKey.DIGIT8, PcKey.DIGIT9, PcKey.DIGIT0, PcKey.MINUS, PcKey.EQUAL, PcKey.Q, PcKey.W, PcKey.E, PcKey.R,
        PcKey.T, PcKey.Y, PcKey.U, PcKey.I, PcKey.O, PcKey.P, PcKey.BRACKET_LEFT, PcKey.BRACKET_RIGHT, PcKey.A,
        PcKey.S, PcKey.D, PcKey.F, PcKey.G, PcKey.H, PcKey.J, PcKey.K, PcKey.L, PcKey.SEMICOLON, PcKey.QUOTE,
        PcKey.BACKQUOTE, PcKey.BACKSLASH, PcKey.Z, PcKey.X, PcKey.C, PcKey.V, PcKey.B, PcKey.N, PcKey.M,
        PcKey.COMMA, PcKey.PERIOD, PcKey.SLASH, PcKey.SPACE, PcKey.ENTER, PcKey.TAB,
    };

    /** One key stroke: the key and whether Shift is held. */
    public record Stroke(PcKey key, boolean shift) {
    }

    private UsText() {
    }

    /** The strokes for {@code text}; a character a US keyboard cannot type is an IllegalArgumentException. */
    public static List<Stroke> strokes(String text) {
        List<Stroke> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int p = PLAIN.indexOf(c);
            if (p >= 0) {
                out.add(new Stroke(KEYS[p], false));
                continue;
            }
            int s = SHIFTED.indexOf(c);
            if (s >= 0) {
                out.add(new Stroke(KEYS[s], true));
                continue;
            }
            throw new IllegalArgumentException("cannot type '" + c + "' on a US keyboard");
        }
        return out;
    }
}
