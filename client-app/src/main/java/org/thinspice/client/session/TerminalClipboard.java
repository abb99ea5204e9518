package org.thinspice.client.session;

/**
 * The terminal's clipboard: text, or an image as PNG bytes. The session view gives the JavaFX system
 * clipboard (on X11 the CLIPBOARD selection); call on the FX thread only.
 */
public interface TerminalClipboard {
    /** The text on the clipboard, or null. */
    String text();

    /** Owns the clipboard with this text. */
    void setText(String text);

    /** The PNG image on the clipboard (its bytes as offered, type {@code image/png}), or null. */
    default byte[] png() {
        return null;
    }

    /** Owns the clipboard with this PNG image, offered as {@code image/png}. */
    default void setPng(byte[] png) {
    }
}
