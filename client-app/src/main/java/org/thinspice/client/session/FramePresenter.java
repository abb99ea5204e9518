package org.thinspice.client.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.thinspice.engine.display.Surface;

/**
 * The FX side of the hand-off: once per pulse, copies the dirty rectangle from the engine's surface
 * (under its lock) into a PixelBuffer (primary surfaces are XRGB stored opaque, so premultiplied
 * ARGB takes them as they are) and tells JavaFX which part changed. FX thread only.
 */
public final class FramePresenter {
    private final Damage damage;
    private final ObjectProperty<WritableImage> image = new SimpleObjectProperty<>();
    private PixelBuffer<IntBuffer> buffer;
    private IntBuffer pixels;
    private int width;
    private int height;

    public FramePresenter(Damage damage) {
        this.damage = damage;
    }

    /** The image to show; replaced when the guest's resolution changes. */
    public ObjectProperty<WritableImage> imageProperty() {
        return image;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Presents what changed since the last pulse; false when nothing did. */
    public boolean present() {
        Damage.Frame f = damage.take();
        if (f == null) {
            return false;
        }
        Surface s = f.surface();
        boolean resized = buffer == null || s.width() != width || s.height() != height;
        if (resized) {
            width = s.width();
            height = s.height();
            pixels = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            buffer = new PixelBuffer<>(width, height, pixels, PixelFormat.getIntArgbPreInstance());
        }
        int x = resized ? 0 : f.x();
        int y = resized ? 0 : f.y();
        int w = resized ? width : f.width();
        int h = resized ? height : f.height();
        synchronized (s.lock()) {
            int[] src = s.pixels();
            for (int row = y; row < y + h; row++) {
                pixels.put(row * width + x, src, row * width + x, w);
            }
        }
        if (resized) {
            image.set(new WritableImage(buffer));
        } else {
            Rectangle2D dirty = new Rectangle2D(x, y, w, h);
            buffer.updateBuffer(b -> dirty);
        }
        return true;
    }

    /** A copy of what is shown, ARGB (for tests and screenshots). */
    public int[] shownPixels() {
        int[] out = new int[width * height];
        if (pixels != null) {
            pixels.get(0, out);
        }
        return out;
    }
}
