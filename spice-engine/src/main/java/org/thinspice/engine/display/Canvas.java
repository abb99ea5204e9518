package org.thinspice.engine.display;

import java.util.ArrayList;
import java.util.List;

/**
 * Software raster operations on a {@link Surface}, each limited to the draw's box, its clip and the
 * surface bounds. Callers hold the surface lock.
 */
public final class Canvas {
    private Canvas() {
    }

    /** The rectangles a draw may touch: box ∩ surface ∩ each clip rectangle. */
    public static List<Rect> areas(Surface s, Rect box, Clip clip) {
        Rect bounded = box.intersect(new Rect(0, 0, s.width(), s.height()));
        List<Rect> out = new ArrayList<>(1);
        if (bounded.isEmpty()) {
            return out;
        }
        if (clip.isNone()) {
            out.add(bounded);
        } else {
            for (Rect r : clip.rects()) {
                Rect a = bounded.intersect(r);
                if (!a.isEmpty()) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Fills with a solid colour through {@code ropd}, where {@code mask} (may be null) allows. */
    public static void fill(Surface s, List<Rect> areas, int color, int ropd, Mask mask) {
        int[] px = s.pixels();
        int w = s.width();
        boolean put = Ropd.isPlainPut(ropd) && mask == null;
        int solid = 0xFF000000 | ((ropd & Ropd.INVERS_BRUSH) != 0 ? ~color : color);
        for (Rect a : areas) {
            for (int y = a.top(); y < a.bottom(); y++) {
                int row = y * w;
                if (put) {
                    java.util.Arrays.fill(px, row + a.left(), row + a.right(), solid);
                    continue;
                }
                for (int x = a.left(); x < a.right(); x++) {
                    if (mask == null || mask.allows(x, y)) {
                        px[row + x] = Ropd.apply(ropd, Ropd.INVERS_BRUSH, color, px[row + x]);
                    }
                }
            }
        }
    }

    /** Fills with a tiled pattern image whose origin sits at {@code (px, py)} on the surface. */
    public static void fillPattern(Surface s, List<Rect> areas, Pixmap pattern, int originX, int originY,
                                   int ropd, Mask mask) {
        int[] px = s.pixels();
        int w = s.width();
        int pw = pattern.width();
        int ph = pattern.height();
        for (Rect a : areas) {
            for (int y = a.top(); y < a.bottom(); y++) {
                int py = Math.floorMod(y - originY, ph);
                for (int x = a.left(); x < a.right(); x++) {
                    if (mask == null || mask.allows(x, y)) {
                        int src = pattern.at(Math.floorMod(x - originX, pw), py);
                        px[y * w + x] = Ropd.apply(ropd, Ropd.INVERS_BRUSH, src, px[y * w + x]);
                    }
                }
            }
        }
    }

    /**
     * Draws {@code src}'s {@code srcArea} into {@code box}, scaled (nearest pixel) when the sizes
     * differ, combined through {@code ropd}.
     */
    public static void blit(Surface s, List<Rect> areas, Rect box, Pixmap src, Rect srcArea, int ropd, Mask mask,
                            boolean keepAlpha) {
        int[] px = s.pixels();
        int w = s.width();
        int[] sp = src.pixels();
        int sw = src.width();
        // Coordinates come from the wire: width/offset arithmetic is done in long so extreme values
        // cannot wrap around into the valid range.
        boolean scaled = span(srcArea.left(), srcArea.right()) != span(box.left(), box.right())
                || span(srcArea.top(), srcArea.bottom()) != span(box.top(), box.bottom());
        boolean put = Ropd.isPlainPut(ropd) && mask == null;
        int alphaOr = keepAlpha ? 0 : 0xFF000000;
        for (Rect a : areas) {
            for (int y = a.top(); y < a.bottom(); y++) {
                int sy = srcY(y, box, srcArea, scaled);
                if (sy < 0 || sy >= src.height()) {
                    continue;
                }
                int row = y * w;
                int srow = sy * sw;
                if (put && !scaled) {
                    long x0 = a.left();
                    long x1 = a.right();
                    long sx0 = srcArea.left() + (x0 - box.left());
                    // Keep the copy inside the source.
                    if (sx0 < 0) {
                        x0 -= sx0;
                        sx0 = 0;
                    }
                    if (sx0 + (x1 - x0) > sw) {
                        x1 = x0 + (sw - sx0);
                    }
                    for (int x = (int) Math.min(x0, x1), sx = (int) Math.min(sx0, sw); x < x1; x++, sx++) {
                        px[row + x] = sp[srow + sx] | alphaOr;
                    }
                    continue;
                }
                for (int x = a.left(); x < a.right(); x++) {
                    int sx = srcX(x, box, srcArea, scaled);
                    if (sx < 0 || sx >= sw || (mask != null && !mask.allows(x, y))) {
                        continue;
                    }
                    int v = sp[srow + sx];
                    px[row + x] = put ? v | alphaOr : Ropd.apply(ropd, Ropd.INVERS_SRC, v, px[row + x]);
                }
            }
        }
    }

    private static long span(int from, int to) {
        return (long) to - from;
    }

    /** Source column for surface column {@code x}; -1 when it falls outside any int index. */
    private static int srcX(int x, Rect box, Rect srcArea, boolean scaled) {
        return srcIndex(x, box.left(), box.right(), srcArea.left(), srcArea.right(), scaled);
    }

    private static int srcY(int y, Rect box, Rect srcArea, boolean scaled) {
        return srcIndex(y, box.top(), box.bottom(), srcArea.top(), srcArea.bottom(), scaled);
    }

    private static int srcIndex(int v, int boxFrom, int boxTo, int srcFrom, int srcTo, boolean scaled) {
        long off = (long) v - boxFrom;
        long s = srcFrom + off;
        if (scaled) {
            try {
                s = srcFrom + Math.multiplyExact(off, span(srcFrom, srcTo)) / span(boxFrom, boxTo);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return s < 0 || s > Integer.MAX_VALUE ? -1 : (int) s;
    }

    /** Copies the box's size from {@code (srcX, srcY)} to the box on the same surface (scrolling). */
    public static void copyBits(Surface s, List<Rect> areas, Rect box, int srcX, int srcY) {
        int[] px = s.pixels();
        int w = s.width();
        int h = s.height();
        int dx = srcX - box.left();
        int dy = srcY - box.top();
        for (Rect a : areas) {
            int aw = a.width();
            int[] tmp = new int[aw * a.height()];
            // Read all rows first: source and destination overlap when scrolling.
            for (int y = a.top(); y < a.bottom(); y++) {
                int sy = y + dy;
                int sx = a.left() + dx;
                if (sy < 0 || sy >= h) {
                    continue;
                }
                int from = Math.max(sx, 0);
                int to = Math.min(sx + aw, w);
                if (to > from) {
                    System.arraycopy(px, sy * w + from, tmp, (y - a.top()) * aw + (from - sx), to - from);
                }
            }
            for (int y = a.top(); y < a.bottom(); y++) {
                System.arraycopy(tmp, (y - a.top()) * aw, px, y * w + a.left(), aw);
            }
        }
    }
}
