package org.thinspice.client.session;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.thinspice.engine.agent.ClipboardBridge;
import org.thinspice.engine.agent.ClipboardType;

/**
 * Text between the terminal's clipboard and the guest's, both ways as the connection's policy allows
 * (the engine enforces it). Engine callbacks hop to the FX executor; {@link #poll()} runs there too and
 * offers the terminal's text when it changed (JavaFX has no change event for the clipboard).
 */
final class ClipboardSync implements ClipboardBridge {
    private final TextClipboard clipboard;
    private final Executor fx;
    private final SessionHandle handle;
    private String last;

    ClipboardSync(TextClipboard clipboard, Executor fx, SessionHandle handle) {
        this.clipboard = clipboard;
        this.fx = fx;
        this.handle = handle;
    }

    /** Remembers what is there now, so only later copies are offered. */
    void start() {
        last = clipboard.get();
    }

    void poll() {
        String now = clipboard.get();
        if (now != null && !now.equals(last)) {
            last = now;
            handle.offerText();
        }
    }

    @Override
    public void guestGrabbed(int selection, Set<ClipboardType> types) {
        if (selection == 0 && types.contains(ClipboardType.UTF8_TEXT)) {
            handle.requestGuestText();
        }
    }

    @Override
    public void guestData(int selection, ClipboardType type, byte[] data) {
        if (selection == 0 && type == ClipboardType.UTF8_TEXT) {
            String text = new String(data, StandardCharsets.UTF_8);
            fx.execute(() -> {
                last = text;
                clipboard.set(text);
            });
        }
    }

    @Override
    public CompletableFuture<byte[]> localData(int selection, ClipboardType type) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (selection != 0 || type != ClipboardType.UTF8_TEXT) {
            f.complete(null);
            return f;
        }
        fx.execute(() -> {
            String text = clipboard.get();
            f.complete(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        });
        return f;
    }
}
