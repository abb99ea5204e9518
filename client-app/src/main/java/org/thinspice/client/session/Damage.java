package org.thinspice.client.session;

import org.thinspice.engine.display.Surface;

/**
 * The hand-off from the engine's event loop to the FX pulse: the primary surface and the union of the
 * rectangles it reported dirty since the last {@link #take()}. Thread-safe; both sides hold the
 * monitor only for a few field updates.
 */
public final class Damage {
    /** What to present: a surface and the dirty rectangle, or the whole surface when it is new. */
    public record Frame(Surface surface, int x, int y, int width, int height, boolean newSurface) {
    }

    private Surface surface;
    private boolean newSurface;
    private int x0 = Integer.MAX_VALUE;
    private int y0 = Integer.MAX_VALUE;
    private int x1 = Integer.MIN_VALUE;
    private int y1 = Integer.MIN_VALUE;
    private long reported;
    /** Told once when damage becomes pending, until the next {@link #take()}; may be null. */
    private Runnable onPending;
    private boolean told;

    /**
     * What to run (on the engine's thread, outside this monitor) when there is something to present and it was
     * not yet told since the last {@link #take()}: the view schedules one presentation on the FX thread then,
     * rather than polling on every pulse.
     */
    public synchronized void onPending(Runnable r) {
        onPending = r;
    }

    /** Called by the engine for each change to the primary surface. */
    public void add(Surface s, int x, int y, int w, int h) {
        Runnable tell;
        synchronized (this) {
            if (s != surface) {
                surface = s;
                newSurface = true;
            }
            if (w > 0 && h > 0) {
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x + w);
                y1 = Math.max(y1, y + h);
                reported++;
            } else if (!newSurface) {
                return;
            }
            tell = told ? null : onPending;
            told |= tell != null;
        }
        if (tell != null) {
            tell.run();
        }
    }

    /** Whether what is pending is on {@code s}, not on a new surface (so it can be presented without a resize). */
    public synchronized boolean pendingOn(Surface s) {
        return surface == s && !newSurface;
    }

    /** The pending frame (clearing it), or null when nothing changed. */
    public synchronized Frame take() {
        told = false;
        if (surface == null || (!newSurface && x1 <= x0)) {
            return null;
        }
        Frame f = newSurface ? new Frame(surface, 0, 0, surface.width(), surface.height(), true)
                : new Frame(surface, Math.max(0, x0), Math.max(0, y0), Math.min(surface.width(), x1) - Math.max(0, x0),
                        Math.min(surface.height(), y1) - Math.max(0, y0), false);
        newSurface = false;
        x0 = Integer.MAX_VALUE;
        y0 = Integer.MAX_VALUE;
        x1 = Integer.MIN_VALUE;
        y1 = Integer.MIN_VALUE;
        return f.width() > 0 && f.height() > 0 ? f : null;
    }

    /** Rectangles the engine reported (for statistics). */
    public synchronized long reported() {
        return reported;
    }

    public synchronized void reset() {
        surface = null;
        newSurface = false;
        x0 = Integer.MAX_VALUE;
        y0 = Integer.MAX_VALUE;
        x1 = Integer.MIN_VALUE;
        y1 = Integer.MIN_VALUE;
    }
}
