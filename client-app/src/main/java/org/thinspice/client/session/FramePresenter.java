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
 * The FX side of the hand-off. Once per pulse it takes the union of what the engine changed, brings
 * exactly that rectangle from the surface (under its lock) into a PixelBuffer — a row copy at 1:1, or
 * the matching destination rectangle through {@link FitScaler} when the picture is scaled to fit — and
 * calls {@code updateBuffer} once with that rectangle. Scaled, the buffer has the size shown on screen,
 * so JavaFX draws it 1:1 and never scales the whole frame itself (the software pipeline's cost). Primary
 * surfaces are XRGB stored opaque, so premultiplied ARGB takes them as they are. With a {@link Sink} set (the
 * X11 overlay) the rectangle goes there instead and the JavaFX image is brought up to date only when the sink
 * is taken away. FX thread, but for {@link #presentToSink()}; its state is guarded by its monitor.
 */
public final class FramePresenter {
    private final Damage damage;
    private final ObjectProperty<WritableImage> image = new SimpleObjectProperty<>();
    private PixelBuffer<IntBuffer> buffer;
    private IntBuffer pixels;
    /** The guest's picture size (read on the FX thread, written under this presenter's monitor). */
    private volatile int width;
    private volatile int height;
    /** The buffer's size: the guest's at 1:1, the fitted size when scaled. */
    private volatile int shownWidth;
    private volatile int shownHeight;
    private Surface surface;
    private FitScaler scaler;
    private boolean fit;
    private int viewWidth;
    private int viewHeight;
    private boolean retarget;
    private volatile long uploads;
    private volatile long uploadedPixels;
    /** Where changed rectangles go instead of the JavaFX image, while set. */
    private Sink sink;
    /** The JavaFX image lags the buffer (a sink took the changes): bring it whole at the next present. */
    private boolean imageStale;
    /** The guest's picture 1:1 for a sink (from {@link Sink#allocate}), unless it needs the fitted buffer. */
    private IntBuffer source;

    /**
     * A destination for the picture other than the JavaFX image (the X11 overlay): told the buffer whenever it
     * is replaced, then each changed rectangle of it. FX thread.
     */
    public interface Sink {
        /**
         * The buffer the next puts read: {@code width x height} pixels to show at {@code shownWidth x shownHeight}
         * (a different size only when {@link #scales()}: the buffer is then the guest's picture 1:1).
         */
        void bind(IntBuffer pixels, int width, int height, int shownWidth, int shownHeight);

        /** The buffer's rectangle changed (in the buffer's pixels). */
        void put(int x, int y, int width, int height);

        /** Whether it scales the guest's picture itself (then the presenter hands it the picture 1:1 when fitted). */
        default boolean scales() {
            return false;
        }

        /**
         * A buffer of {@code width x height} pixels for the guest's picture 1:1, which the presenter draws into
         * and binds (the X11 overlay's is shared memory with the X server). A sink may release the one it gave
         * before. Called with the presenter's monitor held, on the FX thread.
         */
        default IntBuffer allocate(int width, int height) {
            return ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
        }
    }

    public FramePresenter(Damage damage) {
        this.damage = damage;
    }

    /** The image to show; replaced when the guest's resolution or the shown size changes. */
    public ObjectProperty<WritableImage> imageProperty() {
        return image;
    }

    /** The guest's picture width (pointer positions are in these pixels). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The width of the image shown (the buffer's). */
    public int shownWidth() {
        return shownWidth;
    }

    public int shownHeight() {
        return shownHeight;
    }

    /**
     * Scale to fit {@code viewWidth x viewHeight} in this presenter ({@code fit}), or show the guest's
     * pixels 1:1 (and let the view scale, if it wants to). Takes effect at the next {@link #present()}.
     */
    public synchronized void target(boolean fit, int viewWidth, int viewHeight) {
        if (fit != this.fit || viewWidth != this.viewWidth || viewHeight != this.viewHeight) {
            this.fit = fit;
            this.viewWidth = viewWidth;
            this.viewHeight = viewHeight;
            retarget = true;
        }
    }

    /**
     * Sends the picture to {@code s} from now on (bound to the current buffer at once), or back to the JavaFX
     * image ({@code null}: the image is brought up to date whole at the next {@link #present()}).
     */
    public synchronized void sink(Sink s) {
        if (s == sink) {
            return;
        }
        if (sink != null) {
            imageStale = true;
        }
        sink = s;
        source = null; // the old sink's buffer may be gone
        if (s != null && buffer != null) {
            bindSink();
        }
    }

    /** Whether the sink gets the guest's picture 1:1 (shown 1:1, or it scales it itself). */
    private boolean sinkTakesGuest() {
        return sink != null && (scaler == null || sink.scales());
    }

    private void bindSink() {
        if (sinkTakesGuest()) {
            if (source == null || source.capacity() != width * height) {
                source = null;
                source = sink.allocate(width, height);
            }
            if (surface != null && surface.width() == width && surface.height() == height) {
                copy(surface, source, 0, 0, width, height);
            }
            sink.bind(source, width, height, shownWidth, shownHeight);
        } else {
            source = null;
            sink.bind(pixels, shownWidth, shownHeight, shownWidth, shownHeight);
        }
    }

    /**
     * Off the FX thread, while a sink takes the picture: presents what changed straight into the sink, without
     * a hop to the FX thread. False, taking nothing, when the FX thread must present instead (no sink, a new
     * surface or size, a new target).
     */
    public synchronized boolean presentToSink() {
        if (sink == null || retarget || buffer == null || !damage.pendingOn(surface)) {
            return false;
        }
        Damage.Frame f = damage.take();
        if (f != null) {
            presentToSink(f.surface(), f.x(), f.y(), f.width(), f.height());
        }
        return true;
    }

    private void presentToSink(Surface s, int x, int y, int w, int h) {
        if (sinkTakesGuest()) {
            // the guest's rectangle 1:1 into the sink's buffer; the JavaFX buffer is redrawn whole when JavaFX
            // takes the picture back
            copy(s, source, x, y, w, h);
            count(w, h);
            sink.put(x, y, w, h);
        } else {
            Rectangle2D d = draw(s, x, y, w, h);
            sink.put((int) d.getMinX(), (int) d.getMinY(), (int) d.getWidth(), (int) d.getHeight());
        }
        imageStale = true;
    }

    /** Presents what changed since the last pulse; false when nothing did. FX thread. */
    public synchronized boolean present() {
        Damage.Frame f = damage.take();
        Surface s = f != null ? f.surface() : surface;
        boolean bringImage = imageStale && sink == null;
        if (s == null || (f == null && !retarget && !bringImage)) {
            return false;
        }
        boolean whole = f == null || f.newSurface() || s != surface || retarget || bringImage;
        retarget = false;
        imageStale = false;
        surface = s;
        int[] size = fit && viewWidth > 0 && viewHeight > 0 ? FitScaler.fit(s.width(), s.height(), viewWidth, viewHeight)
                : new int[] {s.width(), s.height()};
        boolean resized = buffer == null || s.width() != width || s.height() != height || size[0] != shownWidth
                || size[1] != shownHeight;
        if (resized) {
            width = s.width();
            height = s.height();
            shownWidth = size[0];
            shownHeight = size[1];
            scaler = shownWidth == width && shownHeight == height ? null : new FitScaler(width, height, shownWidth, shownHeight);
            pixels = ByteBuffer.allocateDirect(shownWidth * shownHeight * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            buffer = new PixelBuffer<>(shownWidth, shownHeight, pixels, PixelFormat.getIntArgbPreInstance());
            draw(s, 0, 0, width, height);
            image.set(new WritableImage(buffer));
            if (sink != null) {
                bindSink();
                sink.put(0, 0, sinkTakesGuest() ? width : shownWidth, sinkTakesGuest() ? height : shownHeight);
                imageStale = true;
            }
            return true;
        }
        int[] r = whole ? new int[] {0, 0, width, height} : new int[] {f.x(), f.y(), f.width(), f.height()};
        if (sink != null) {
            presentToSink(s, r[0], r[1], r[2], r[3]);
            return true;
        }
        Rectangle2D[] dirty = new Rectangle2D[1];
        buffer.updateBuffer(b -> {
            dirty[0] = draw(s, r[0], r[1], r[2], r[3]);
            return dirty[0];
        });
        return true;
    }

    /** Copies the surface's rectangle row by row into {@code into} (the guest's size). */
    private void copy(Surface s, IntBuffer into, int x, int y, int w, int h) {
        synchronized (s.lock()) {
            int[] src = s.pixels();
            for (int row = y; row < y + h; row++) {
                into.put(row * width + x, src, row * width + x, w);
            }
        }
    }

    /** Brings the guest rectangle into the buffer; the buffer's changed rectangle. */
    private Rectangle2D draw(Surface s, int x, int y, int w, int h) {
        if (scaler == null) {
            copy(s, pixels, x, y, w, h);
            count(w, h);
            return new Rectangle2D(x, y, w, h);
        }
        int[] d = scaler.dirty(x, y, w, h);
        if (d[2] > 0 && d[3] > 0) {
            synchronized (s.lock()) {
                scaler.scale(s.pixels(), d[0], d[1], d[2], d[3], pixels);
            }
        }
        count(d[2], d[3]);
        return new Rectangle2D(d[0], d[1], d[2], d[3]);
    }

    private void count(int w, int h) {
        uploads++;
        uploadedPixels += (long) w * h;
    }

    /** Buffer updates so far (one per presented pulse). */
    public long uploads() {
        return uploads;
    }

    /** Pixels written into the buffer so far (the dirty rectangles' areas). */
    public long uploadedPixels() {
        return uploadedPixels;
    }

    /** A copy of the image shown ({@link #shownWidth()} x {@link #shownHeight()}, ARGB; for tests and screenshots). */
    public synchronized int[] shownPixels() {
        int[] out = new int[shownWidth * shownHeight];
        if (pixels != null) {
            pixels.get(0, out);
        }
        return out;
    }
}
