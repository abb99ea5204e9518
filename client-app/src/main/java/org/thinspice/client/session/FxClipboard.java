package org.thinspice.client.session;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX system clipboard as the terminal's clipboard (FX thread only). On X11 (GTK) setting
 * content makes the kiosk the owner of the CLIPBOARD selection, serving it to other X clients. An
 * image another X client copied is read as its raw {@code image/png} target (the bytes it offers); an
 * image from the desktop is put as a picture, which GTK serves as {@code image/png} re-encoded from the
 * same pixels.
 */
final class FxClipboard implements TerminalClipboard {
    private static final Logger LOG = LoggerFactory.getLogger(FxClipboard.class);
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
        // As an Image: GTK then serves image/png (and the other image targets) encoded from its pixels.
        // Raw bytes under a custom image/png format are announced by GTK but served empty.
        Image image = new Image(new ByteArrayInputStream(png));
        if (image.isError()) {
            LOG.info("the desktop's clipboard image is not a readable PNG ({} bytes): not put on the clipboard",
                    png.length);
            return;
        }
        ClipboardContent c = new ClipboardContent();
        c.putImage(image);
        Clipboard.getSystemClipboard().setContent(c);
    }
}
