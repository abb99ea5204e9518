package org.thinspice.engine.inputs;

/**
 * Physical keys of a PC keyboard with their PC/AT set-1 make codes. Codes above 0xFF are
 * 0xE0-prefixed ("extended") keys: {@code 0x100 | code}. Names follow key positions on a US layout; the
 * guest maps positions to characters with its own layout, so any layout works.
 */
public enum PcKey {
    ESCAPE(0x01), DIGIT1(0x02), DIGIT2(0x03), DIGIT3(0x04), DIGIT4(0x05), DIGIT5(0x06), DIGIT6(0x07),
    DIGIT7(0x08), DIGIT8(0x09), DIGIT9(0x0A), DIGIT0(0x0B), MINUS(0x0C), EQUAL(0x0D), BACKSPACE(0x0E), TAB(0x0F),
    Q(0x10), W(0x11), E(0x12), R(0x13), T(0x14), Y(0x15), U(0x16), I(0x17), O(0x18), P(0x19),
    BRACKET_LEFT(0x1A), BRACKET_RIGHT(0x1B), ENTER(0x1C), CONTROL_LEFT(0x1D),
    A(0x1E), S(0x1F), D(0x20), F(0x21), G(0x22), H(0x23), J(0x24), K(0x25), L(0x26), SEMICOLON(0x27),
    QUOTE(0x28), BACKQUOTE(0x29), SHIFT_LEFT(0x2A), BACKSLASH(0x2B),
    Z(0x2C), X(0x2D), C(0x2E), V(0x2F), B(0x30), N(0x31), M(0x32), COMMA(0x33), PERIOD(0x34), SLASH(0x35),
    SHIFT_RIGHT(0x36), NUMPAD_MULTIPLY(0x37), ALT_LEFT(0x38), SPACE(0x39), CAPS_LOCK(0x3A),
    F1(0x3B), F2(0x3C), F3(0x3D), F4(0x3E), F5(0x3F), F6(0x40), F7(0x41), F8(0x42), F9(0x43), F10(0x44),
    NUM_LOCK(0x45), SCROLL_LOCK(0x46), NUMPAD7(0x47), NUMPAD8(0x48), NUMPAD9(0x49), NUMPAD_SUBTRACT(0x4A),
    NUMPAD4(0x4B), NUMPAD5(0x4C), NUMPAD6(0x4D), NUMPAD_ADD(0x4E), NUMPAD1(0x4F), NUMPAD2(0x50), NUMPAD3(0x51),
    NUMPAD0(0x52), NUMPAD_DECIMAL(0x53), INTL_BACKSLASH(0x56), F11(0x57), F12(0x58),
    INTL_RO(0x73), INTL_YEN(0x7D),
    NUMPAD_ENTER(0x11C), CONTROL_RIGHT(0x11D), NUMPAD_DIVIDE(0x135), PRINT_SCREEN(0x137), ALT_RIGHT(0x138),
    HOME(0x147), ARROW_UP(0x148), PAGE_UP(0x149), ARROW_LEFT(0x14B), ARROW_RIGHT(0x14D), END(0x14F),
    ARROW_DOWN(0x150), PAGE_DOWN(0x151), INSERT(0x152), DELETE(0x153), META_LEFT(0x15B), META_RIGHT(0x15C),
    CONTEXT_MENU(0x15D);

    private final int code;

    PcKey(int code) {
        this.code = code;
    }

    /** Set-1 make code; {@code 0x100 | code} for 0xE0-prefixed keys. */
    public int code() {
        return code;
    }

    public boolean isExtended() {
        return code > 0xFF;
    }

    /** The u32 the inputs channel's KEY_DOWN carries: scancode bytes packed lowest first. */
    public int downCode() {
        return wire(code, false);
    }

    /** The u32 of KEY_UP (break code: make | 0x80). */
    public int upCode() {
        return wire(code, true);
    }

    /** Packs a set-1 code ({@code 0x100 |} for extended) into the KEY_DOWN/KEY_UP u32. */
    public static int wire(int code, boolean release) {
        int sc = code & 0x7F;
        if (release) {
            sc |= 0x80;
        }
        return code > 0xFF ? 0xE0 | (sc << 8) : sc;
    }
}
