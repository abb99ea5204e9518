package org.thinspice.client.session;

/** The terminal's clipboard as text; the session view gives the JavaFX one (FX thread only). */
public interface TextClipboard {
    /** The text on the clipboard, or null. */
    String get();

    void set(String text);
}
