package org.thinspice.client.session;

import java.nio.ByteBuffer;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;

/**
 * The JavaFX system clipboard as the terminal's clipboard (FX thread only). On X11 (GTK) setting
 * content makes the kiosk the owner of the CLIPBOARD selection, serving it to other X clients. PNG
 * images travel as the raw {@code image/png} target, so the bytes a desktop copied are the bytes
 * another X client pastes, and back.
 */
final class FxClipboard implements TerminalClipboard {
    /** {@code image/png}: one DataFormat per JVM (JavaFX refuses a second one with the same id). */
    static final DataFormat PNG = pngFormat();

    private static synchronized DataFormat pngFormat() {
        DataFormat f = DataFormat.lookupMimeType("image/png");
        return f != null ? f : new DataFormat("image/png");
    }

    @Override
    public String text() {
        return Clipboard.getSystemClipboard().getString();
    }

    @Override
    public void setText(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    @Override
    public byte[] png() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (!cb.hasContent(PNG)) {
            return null;
        }
        Object o = cb.getContent(PNG);
        if (o instanceof ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
        return o instanceof byte[] a ? a.clone() : null;
    }

    @Override
    public void setPng(byte[] png) {
        ClipboardContent c = new ClipboardContent();
        c.put(PNG, ByteBuffer.wrap(png));
        Clipboard.getSystemClipboard().setContent(c);
    }
}
