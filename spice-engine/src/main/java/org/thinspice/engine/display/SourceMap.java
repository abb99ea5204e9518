package org.thinspice.engine.display;

/**
 * Maps surface pixels of a draw's box to source-image pixels: one to one when box and source area have
 * the same size, otherwise scaled with nearest-pixel sampling at pixel centres as pixman does it
 * (16.16 scale factor {@code (src << 16) / dst}, sample at {@code (k + 0.5) * factor}, floor of
 * {@code v - epsilon}). Results may fall outside the image; callers skip those pixels.
 */
final class SourceMap {
    private final Rect box;
    private final Rect src;
    private final boolean scaled;
    private final long fx;
    private final long fy;

    SourceMap(Rect box, Rect src) {
        this.box = box;
        this.src = src;
        long bw = (long) box.right() - box.left();
        long bh = (long) box.bottom() - box.top();
        long sw = (long) src.right() - src.left();
        long sh = (long) src.bottom() - src.top();
        this.scaled = bw != sw || bh != sh;
        this.fx = bw <= 0 ? 0 : (sw << 16) / bw;
        this.fy = bh <= 0 ? 0 : (sh << 16) / bh;
    }

    /** Whether {@code area} is non-empty and lies inside {@code image}. */
    static boolean covers(Pixmap image, Rect area) {
        return area.left() >= 0 && area.top() >= 0 && area.right() <= image.width() && area.bottom() <= image.height()
                && !area.isEmpty();
    }

    int x(int x) {
        return map(x, box.left(), src.left(), fx);
    }

    int y(int y) {
        return map(y, box.top(), src.top(), fy);
    }

    /** Source index for surface coordinate v, or -1 when it is outside the int range. */
    private int map(int v, int boxFrom, int srcFrom, long factor) {
        long off = (long) v - boxFrom;
        long s;
        if (scaled) {
            // (off + 0.5) * factor in 16.16; off < box width keeps off * factor below src width << 16
            long centre = off * factor + (factor >> 1);
            s = srcFrom + ((centre - 1) >> 16);
        } else {
            s = srcFrom + off;
        }
        return s < 0 || s > Integer.MAX_VALUE ? -1 : (int) s;
    }
}
