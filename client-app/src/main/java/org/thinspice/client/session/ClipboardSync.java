package org.thinspice.client.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.agent.ClipboardBridge;
import org.thinspice.engine.agent.ClipboardType;

/**
 * Text and PNG images between the terminal's clipboard and the guest's, in the directions the
 * connection's policy allows (the engine enforces it; a forbidden direction never calls in here).
 * Engine callbacks hop to the FX executor; {@link #poll()} runs there too and offers the terminal's
 * content when it changed (JavaFX has no change event for the clipboard). Each transfer is logged at
 * debug (direction, type, size; never the content) and counted for the diagnostics screen.
 */
final class ClipboardSync implements ClipboardBridge {
    private static final Logger LOG = LoggerFactory.getLogger(ClipboardSync.class);
    private final TerminalClipboard clipboard;
    private final Executor fx;
    private final SessionHandle handle;
    private final SessionMeter meter;
    private String lastText;
    private byte[] lastPng;

    ClipboardSync(TerminalClipboard clipboard, Executor fx, SessionHandle handle, SessionMeter meter) {
        this.clipboard = clipboard;
        this.fx = fx;
        this.handle = handle;
        this.meter = meter;
    }

    /** Remembers what is there now, so only later copies are offered. */
    void start() {
        lastText = clipboard.text();
        lastPng = lastText == null ? clipboard.png() : null;
    }

    void poll() {
        String text = clipboard.text();
        if (text != null) {
            if (!text.equals(lastText)) {
                lastText = text;
                lastPng = null;
                handle.offer(Set.of(ClipboardType.UTF8_TEXT));
            }
            return;
        }
        byte[] png = clipboard.png();
        if (png != null && !Arrays.equals(png, lastPng)) {
            lastPng = png;
            lastText = null;
            handle.offer(Set.of(ClipboardType.IMAGE_PNG));
        }
    }

    @Override
    public void guestGrabbed(int selection, Set<ClipboardType> types) {
        if (selection != 0) {
            return;
        }
        if (types.contains(ClipboardType.UTF8_TEXT)) {
            handle.requestGuest(ClipboardType.UTF8_TEXT);
        } else if (types.contains(ClipboardType.IMAGE_PNG)) {
            handle.requestGuest(ClipboardType.IMAGE_PNG);
        }
    }

    @Override
    public void guestData(int selection, ClipboardType type, byte[] data) {
        if (selection != 0 || (type != ClipboardType.UTF8_TEXT && type != ClipboardType.IMAGE_PNG)) {
            return;
        }
        LOG.debug("clipboard desktop → terminal: {}, {} bytes", type, data.length);
        meter.clipboardToTerminal();
        fx.execute(() -> {
            if (type == ClipboardType.UTF8_TEXT) {
                String text = new String(data, StandardCharsets.UTF_8);
                lastText = text;
                lastPng = null;
                clipboard.setText(text);
            } else {
                clipboard.setPng(data);
                lastPng = clipboard.png(); // as the clipboard now serves it (re-encoded), so it is not offered back
                lastText = null;
            }
        });
    }

    @Override
    public CompletableFuture<byte[]> localData(int selection, ClipboardType type) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (selection != 0 || (type != ClipboardType.UTF8_TEXT && type != ClipboardType.IMAGE_PNG)) {
            f.complete(null);
            return f;
        }
        fx.execute(() -> {
            byte[] data;
            if (type == ClipboardType.UTF8_TEXT) {
                String text = clipboard.text();
                data = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
            } else {
                data = clipboard.png();
            }
            if (data != null) {
                LOG.debug("clipboard terminal → desktop: {}, {} bytes", type, data.length);
                meter.clipboardToDesktop();
            } else {
                LOG.debug("clipboard terminal → desktop: {} asked for, the terminal no longer holds it", type);
            }
            f.complete(data);
        });
        return f;
    }
}
