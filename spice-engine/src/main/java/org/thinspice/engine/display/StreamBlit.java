package org.thinspice.engine.display;

import java.nio.IntBuffer;
import java.util.List;

/**
 * Draws a decoded video frame into its destination rectangle: nearest-pixel scaling when the frame and
 * the rectangle differ in size, and a vertical flip for bottom-up frames (streams without TOP_DOWN).
 * Callers hold the surface lock and pass areas already limited to dest ∩ surface ∩ clip. The frame's pixels are
 * read by absolute index (a Java array or the decoder's native memory; one bulk copy per row at the same width).
 */
final class StreamBlit {
    private StreamBlit() {
    }

    static void draw(Surface s, List<Rect> areas, Rect dest, IntBuffer frame, int frameWidth, int frameHeight,
                     boolean topDown) {
        int[] px = s.pixels();
        int sw = s.width();
        // In long: a destination from the wire may span more than an int.
        long dw = (long) dest.right() - dest.left();
        long dh = (long) dest.bottom() - dest.top();
        boolean sameWidth = dw == frameWidth;
        for (Rect a : areas) {
            for (int y = a.top(); y < a.bottom(); y++) {
                int sy = (int) ((y - (long) dest.top()) * frameHeight / dh);
                if (!topDown) {
                    sy = frameHeight - 1 - sy;
                }
                int srow = sy * frameWidth;
                int row = y * sw;
                if (sameWidth) {
                    frame.get(srow + (a.left() - dest.left()), px, row + a.left(), a.width());
                    continue;
                }
                for (int x = a.left(); x < a.right(); x++) {
                    px[row + x] = frame.get(srow + (int) ((x - (long) dest.left()) * frameWidth / dw));
                }
            }
        }
    }
}
