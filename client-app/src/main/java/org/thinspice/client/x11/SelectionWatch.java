package org.thinspice.client.x11;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the X CLIPBOARD selection changed owner (somebody copied) since it was last asked, from
 * XFixes selection events on a connection of its own: asking costs no round trip to the X server, so the
 * kiosk reads the clipboard (a selection conversion with its owner) only after a copy, as spice-gtk does,
 * instead of twice a second. One thread at a time (the FX thread's tick).
 */
public final class SelectionWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectionWatch.class);
    private final Xlib x;
    private final Pointer display;
    private final int notifyType;
    private final Memory event = new Memory(Xlib.XEVENT_SIZE);
    private boolean closed;

    private SelectionWatch(Xlib x, Pointer display, int notifyType) {
        this.x = x;
        this.display = display;
        this.notifyType = notifyType;
    }

    /**
     * A watch on the CLIPBOARD selection of {@code $DISPLAY}; empty (and why, in one log line) without X11, libXfixes
     * or the server's XFIXES extension — the caller then reads the clipboard each time.
     */
    public static Optional<SelectionWatch> clipboard() {
        String name = System.getenv("DISPLAY");
        if (name == null || name.isBlank()) {
            LOG.info("clipboard: no X display (DISPLAY is not set): the clipboard is read twice a second");
            return Optional.empty();
        }
        Xlib x;
        Xlib.Xfixes fixes;
        try {
            x = X11Overlay.load("X11", "libX11.so.6", Xlib.class);
            fixes = X11Overlay.load("Xfixes", "libXfixes.so.3", Xlib.Xfixes.class);
        } catch (UnsatisfiedLinkError e) {
            LOG.info("clipboard: libX11 or libXfixes could not be loaded ({}): the clipboard is read twice a second",
                    e.getMessage());
            return Optional.empty();
        }
        Pointer display = x.XOpenDisplay(name);
        if (display == null) {
            LOG.info("clipboard: cannot open X display {}: the clipboard is read twice a second", name);
            return Optional.empty();
        }
        IntByReference eventBase = new IntByReference();
        if (!fixes.XFixesQueryExtension(display, eventBase, new IntByReference())) {
            x.XCloseDisplay(display);
            LOG.info("clipboard: the X server has no XFIXES extension: the clipboard is read twice a second");
            return Optional.empty();
        }
        long clipboard = x.XInternAtom(display, "CLIPBOARD", false);
        fixes.XFixesSelectSelectionInput(display, x.XDefaultRootWindow(display), clipboard,
                Xlib.Xfixes.SET_SELECTION_OWNER_NOTIFY_MASK);
        x.XSync(display, false); // selected before the caller reads what is on the clipboard now
        return Optional.of(new SelectionWatch(x, display, eventBase.getValue() + Xlib.Xfixes.SELECTION_NOTIFY));
    }

    /** True when the CLIPBOARD changed owner since the last call (the events are drained). */
    public synchronized boolean changed() {
        if (closed) {
            return false;
        }
        boolean changed = false;
        while (x.XPending(display) > 0) {
            x.XNextEvent(display, event);
            if (event.getInt(0) == notifyType) {
                changed = true;
            }
        }
        return changed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            x.XCloseDisplay(display);
        }
    }
}
