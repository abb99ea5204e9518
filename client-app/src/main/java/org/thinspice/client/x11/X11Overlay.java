package org.thinspice.client.x11;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child X window laid over the kiosk's own window, into which the session's picture is put rectangle by
 * rectangle ({@code XShmPutImage} from shared memory, or {@code XPutImage}; scaled by the X server with RENDER) —
 * what spice-gtk does on X — instead of through JavaFX's software pipeline, which repaints and uploads the whole
 * window for every video frame. It has an empty input shape, so pointer and keyboard still reach the JavaFX
 * window beneath it. It uses its own X connection, one call at a time (its methods are synchronized): the kiosk
 * shows and hides it on the FX thread and puts frames from its presenting thread; {@link #open}, {@link #allocate}
 * and {@link #close} belong on the GTK thread (the FX thread), as they briefly replace Xlib's process-wide error
 * handler. While it is shown, JavaFX must not draw anything over the picture: the caller hides it first.
 */
public final class X11Overlay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(X11Overlay.class);

    private final Xlib x;
    private final Xlib.Xext xext;
    private final Pointer display;
    private final long parent;
    private final long window;
    private final Pointer gc;
    private final Pointer visual;
    private final int depth;
    private final Memory event = new Memory(Xlib.XEVENT_SIZE);
    /** XRender and the window's picture format, or null where the server cannot scale. */
    private final Xlib.Xrender render;
    private final Pointer format;
    private Pointer image;
    /** The image is an MIT-SHM one, over {@link #shmBuffer}. */
    private boolean imageShm;
    /** MIT-SHM: libc's System V calls while shared memory works here (null once it did not). */
    private Xlib.SysV sysv;
    private Memory shmInfo;
    private Pointer shmAddress;
    private IntBuffer shmBuffer;
    /** The buffer the image points into: held so it lives as long as the image. */
    private IntBuffer pixels;
    private int imageWidth;
    private int imageHeight;
    /** The window's size: the image's, or the size the X server scales it to. */
    private int shownWidth;
    private int shownHeight;
    private boolean scaled;
    /** Scaled: the image 1:1 in a pixmap, XRender pictures of it (bilinear, transformed) and of the window. */
    private long pixmap;
    private int pixmapWidth;
    private int pixmapHeight;
    private long source;
    private long target;
    private boolean shown;
    private boolean closed;
    private long puts;

    private X11Overlay(Xlib x, Xlib.Xext xext, Pointer display, long parent, long window, Pointer gc, Pointer visual,
                       int depth, Xlib.Xrender render, Pointer format, Xlib.SysV sysv) {
        this.x = x;
        this.xext = xext;
        this.sysv = sysv;
        this.render = render;
        this.format = format;
        this.display = display;
        this.parent = parent;
        this.window = window;
        this.gc = gc;
        this.visual = visual;
        this.depth = depth;
    }

    /** Why an overlay could not be opened, in words (for the log and the diagnostics screen). */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * Opens an overlay on the X window {@code parent} (the kiosk's, {@code width x height} pixels). Call on the
     * GTK thread (the FX thread).
     */
    public static X11Overlay open(long parent, int width, int height) throws Unavailable {
        String name = System.getenv("DISPLAY");
        if (name == null || name.isBlank()) {
            throw new Unavailable("no X display (DISPLAY is not set)");
        }
        if (parent == 0) {
            throw new Unavailable("the kiosk window's X id is unknown (JavaFX's glass did not tell it)");
        }
        Xlib x;
        Xlib.Xext xext;
        try {
            x = load("X11", "libX11.so.6", Xlib.class);
            xext = load("Xext", "libXext.so.6", Xlib.Xext.class);
        } catch (UnsatisfiedLinkError e) {
            throw new Unavailable("libX11 or libXext could not be loaded: " + e.getMessage());
        }
        Pointer display = x.XOpenDisplay(name);
        if (display == null) {
            throw new Unavailable("cannot open X display " + name);
        }
        try {
            if (!xext.XShapeQueryExtension(display, new IntByReference(), new IntByReference())) {
                throw new Unavailable("the X server has no SHAPE extension (needed to let input through)");
            }
            Memory attrs = new Memory(Xlib.XWINDOWATTRIBUTES_SIZE);
            Trap check = new Trap(x);
            int ok = x.XGetWindowAttributes(display, parent, attrs);
            String bad = check.end(display);
            if (ok == 0 || bad != null) {
                throw new Unavailable("window 0x" + Long.toHexString(parent) + " cannot be read: " + bad);
            }
            if (attrs.getInt(Xlib.WA_WIDTH) != width || attrs.getInt(Xlib.WA_HEIGHT) != height) {
                throw new Unavailable("window 0x" + Long.toHexString(parent) + " is " + attrs.getInt(Xlib.WA_WIDTH) + "x"
                        + attrs.getInt(Xlib.WA_HEIGHT) + ", the kiosk's scene " + width + "x" + height);
            }
            int depth = attrs.getInt(Xlib.WA_DEPTH);
            Pointer visual = attrs.getPointer(Xlib.WA_VISUAL);
            long red = visual.getLong(Xlib.VISUAL_RED_MASK);
            long green = visual.getLong(Xlib.VISUAL_GREEN_MASK);
            long blue = visual.getLong(Xlib.VISUAL_BLUE_MASK);
            if ((depth != 24 && depth != 32) || red != 0xff0000L || green != 0xff00L || blue != 0xffL) {
                throw new Unavailable(String.format("the kiosk window's visual is not 24-bit RGB (depth %d, masks %x/%x/%x)",
                        depth, red, green, blue));
            }
            Trap trap = new Trap(x);
            long window = x.XCreateSimpleWindow(display, parent, 0, 0, 1, 1, 0, 0, 0);
            xext.XShapeCombineRectangles(display, window, Xlib.Xext.SHAPE_INPUT, 0, 0, null, 0, Xlib.Xext.SHAPE_SET,
                    Xlib.Xext.UNSORTED);
            x.XSelectInput(display, window, Xlib.EXPOSURE_MASK);
            Pointer gc = x.XCreateGC(display, window, 0, null);
            String error = trap.end(display);
            if (error != null) {
                throw new Unavailable("creating the child window failed: " + error);
            }
            Xlib.Xrender render = null;
            Pointer format = null;
            // -Dthinspice.x11.render=false / -Dthinspice.x11.shm=false: the fallbacks, as a terminal whose X server
            // lacks the extension runs them (tests, diagnosis)
            boolean useRender = !"false".equals(System.getProperty("thinspice.x11.render"));
            boolean useShm = !"false".equals(System.getProperty("thinspice.x11.shm"));
            if (useRender) {
                try {
                    Xlib.Xrender r = load("Xrender", "libXrender.so.1", Xlib.Xrender.class);
                    if (r.XRenderQueryExtension(display, new IntByReference(), new IntByReference())) {
                        format = r.XRenderFindVisualFormat(display, visual);
                        render = format != null ? r : null;
                    }
                } catch (UnsatisfiedLinkError e) {
                    LOG.info("X11 overlay: no libXrender ({}): the kiosk scales the picture itself", e.getMessage());
                }
            }
            Xlib.SysV sysv = null;
            if (useShm && xext.XShmQueryExtension(display)) {
                try {
                    sysv = Native.load("c", Xlib.SysV.class);
                } catch (UnsatisfiedLinkError e) {
                    LOG.info("X11 overlay: no System V shared memory ({}): frames go through the X socket", e.getMessage());
                }
            }
            LOG.info("X11 overlay: child window 0x{} on the kiosk window 0x{} (depth {}, {}, {})", Long.toHexString(window),
                    Long.toHexString(parent), depth, render != null ? "the X server scales (RENDER)" : "no RENDER",
                    sysv != null ? "MIT-SHM" : "no MIT-SHM");
            return new X11Overlay(x, xext, display, parent, window, gc, visual, depth, render, format, sysv);
        } catch (Unavailable | RuntimeException e) {
            x.XCloseDisplay(display);
            throw e;
        }
    }

    static <T extends Library> T load(String name, String soname, Class<T> type) {
        try {
            return Native.load(name, type);
        } catch (UnsatisfiedLinkError e) {
            return Native.load(soname, type); // a terminal has the runtime library, not the -dev symlink
        }
    }

    /** Whether the X server can scale the picture for this overlay (RENDER), so the caller need not. */
    public boolean canScale() {
        return render != null;
    }

    /**
     * Points the overlay at {@code pixels} (XRGB ints, {@code width x height}, a direct buffer the caller keeps
     * unchanged but for its drawing between puts) shown at {@code shownWidth x shownHeight}: the same size, or
     * (only when {@link #canScale()}) scaled by the X server, bilinear, edges repeated.
     */
    public synchronized void bind(IntBuffer pixels, int width, int height, int shownWidth, int shownHeight) {
        checkOpen();
        if (!pixels.isDirect()) {
            throw new IllegalArgumentException("the overlay needs a direct buffer");
        }
        boolean scale = width != shownWidth || height != shownHeight;
        if (scale && render == null) {
            throw new IllegalArgumentException("the X server cannot scale here (no RENDER): bind the scaled picture");
        }
        if (pixels != this.pixels || width != imageWidth || height != imageHeight) {
            freeImage();
            imageShm = pixels == shmBuffer && shmBuffer != null && shmBuffer.capacity() == width * height;
            image = imageShm ? xext.XShmCreateImage(display, visual, depth, Xlib.ZPIXMAP, shmAddress, shmInfo, width, height)
                    : x.XCreateImage(display, visual, depth, Xlib.ZPIXMAP, 0, Native.getDirectBufferPointer(pixels), width,
                            height, 32, width * 4);
            if (image == null) {
                throw new IllegalStateException("XCreateImage failed for " + width + "x" + height);
            }
            this.pixels = pixels;
            imageWidth = width;
            imageHeight = height;
        }
        this.shownWidth = shownWidth;
        this.shownHeight = shownHeight;
        scaled = scale;
        if (scale) {
            if (pixmap == 0 || pixmapWidth != width || pixmapHeight != height) {
                freePixmap();
                pixmap = x.XCreatePixmap(display, window, width, height, depth);
                pixmapWidth = width;
                pixmapHeight = height;
                Memory attributes = new Memory(Xlib.Xrender.PICTURE_ATTRIBUTES_SIZE);
                attributes.clear();
                attributes.setInt(0, Xlib.Xrender.REPEAT_PAD);
                source = render.XRenderCreatePicture(display, pixmap, format, Xlib.Xrender.CP_REPEAT, attributes);
                render.XRenderSetPictureFilter(display, source, "bilinear", null, 0);
            }
            render.XRenderSetPictureTransform(display, source, new int[] {
                fixed((double) width / shownWidth), 0, 0,
                0, fixed((double) height / shownHeight), 0,
                0, 0, 1 << 16});
            if (target == 0) {
                target = render.XRenderCreatePicture(display, window, format, 0, null);
            }
        }
    }

    /**
     * A buffer for {@code width x height} pixels to {@link #bind}: shared memory with the X server (MIT-SHM, so a
     * put copies nothing through the X socket) where that works, else an ordinary direct buffer. Releases the
     * shared buffer it gave before: the caller must drop that one. Call on the GTK thread (an attach that the
     * server refuses, e.g. from another host, is trapped, and the overlay goes on without shared memory).
     */
    public synchronized IntBuffer allocate(int width, int height) {
        checkOpen();
        releaseShm();
        long size = (long) width * height * 4;
        if (sysv != null) {
            int id = sysv.shmget(Xlib.SysV.IPC_PRIVATE, size, Xlib.SysV.IPC_CREAT | 0600);
            Pointer address = id < 0 ? null : sysv.shmat(id, null, 0);
            if (address != null && Pointer.nativeValue(address) != -1L) {
                Memory info = new Memory(Xlib.Xext.SHM_INFO_SIZE);
                info.clear();
                info.setInt(Xlib.Xext.SHM_INFO_SHMID, id);
                info.setPointer(Xlib.Xext.SHM_INFO_SHMADDR, address);
                Trap trap = new Trap(x);
                boolean attached = xext.XShmAttach(display, info);
                String error = trap.end(display);
                sysv.shmctl(id, Xlib.SysV.IPC_RMID, null); // goes away once both sides have detached
                if (attached && error == null) {
                    shmInfo = info;
                    shmAddress = address;
                    shmBuffer = address.getByteBuffer(0, size).order(ByteOrder.nativeOrder()).asIntBuffer();
                    return shmBuffer;
                }
                sysv.shmdt(address);
                LOG.info("X11 overlay: the X server refused shared memory ({}): frames go through the X socket", error);
            } else {
                if (id >= 0) {
                    sysv.shmctl(id, Xlib.SysV.IPC_RMID, null);
                }
                LOG.info("X11 overlay: no shared memory segment of {} bytes: frames go through the X socket", size);
            }
            sysv = null;
        }
        return ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    private void freeImage() {
        if (image != null) {
            x.XFree(image); // the XImage structure only: its data is the caller's buffer or the shared segment
            image = null;
            pixels = null;
            imageWidth = 0;
            imageHeight = 0;
        }
    }

    private void releaseShm() {
        if (shmInfo != null) {
            if (imageShm) {
                freeImage();
                imageShm = false;
            }
            xext.XShmDetach(display, shmInfo);
            x.XSync(display, false); // the server has let go before the memory does
            sysv.shmdt(shmAddress);
            shmInfo = null;
            shmAddress = null;
            shmBuffer = null;
        }
    }

    private static int fixed(double v) {
        return (int) Math.round(v * 65536);
    }

    /** Shows the window at {@code (px, py)} in the kiosk window, at the shown size, and puts the picture whole. */
    public synchronized void show(int px, int py) {
        checkOpen();
        x.XMoveResizeWindow(display, window, px, py, Math.max(1, shownWidth), Math.max(1, shownHeight));
        if (!shown) {
            x.XMapRaised(display, window);
            shown = true;
        }
        putAll();
    }

    /** Takes the window off the screen (the JavaFX picture beneath shows again). */
    public synchronized void hide() {
        checkOpen();
        if (shown) {
            x.XUnmapWindow(display, window);
            x.XFlush(display);
            shown = false;
        }
    }

    public synchronized boolean shown() {
        return shown;
    }

    /** Puts the whole bound picture. */
    public synchronized void putAll() {
        put(0, 0, imageWidth, imageHeight);
    }

    /**
     * Puts the bound buffer's rectangle (in its own pixels) onto the window: at the same place, or scaled, the
     * window's pixels that read it (no-op while hidden).
     */
    public synchronized void put(int rx, int ry, int w, int h) {
        checkOpen();
        if (!shown || image == null) {
            return;
        }
        int x0 = Math.max(0, rx);
        int y0 = Math.max(0, ry);
        int x1 = Math.min(imageWidth, rx + w);
        int y1 = Math.min(imageHeight, ry + h);
        if (x1 > x0 && y1 > y0) {
            long drawable = scaled ? pixmap : window;
            if (imageShm) {
                xext.XShmPutImage(display, drawable, gc, image, x0, y0, x0, y0, x1 - x0, y1 - y0, false);
            } else {
                x.XPutImage(display, drawable, gc, image, x0, y0, x0, y0, x1 - x0, y1 - y0);
            }
            if (scaled) {
                int[] dx = reading(x0, x1, imageWidth, shownWidth);
                int[] dy = reading(y0, y1, imageHeight, shownHeight);
                render.XRenderComposite(display, Xlib.Xrender.PICT_OP_SRC, source, 0, target, dx[0], dy[0], 0, 0, dx[0],
                        dy[0], dx[1] - dx[0], dy[1] - dy[0]);
            }
            puts++;
        }
        x.XFlush(display);
    }

    /**
     * [first, end) of the shown positions whose bilinear sample ({@code (d + 0.5) * src / shown - 0.5}) reads a
     * source position in [from, to), with a pixel to spare on each side.
     */
    static int[] reading(int from, int to, int src, int shown) {
        double scale = (double) src / shown;
        int first = (int) Math.floor((from - 1 + 0.5) / scale - 0.5) - 1;
        int end = (int) Math.ceil((to + 0.5) / scale - 0.5) + 2;
        return new int[] {Math.max(0, first), Math.min(shown, end)};
    }

    /**
     * Reads the overlay's pending X events; true when part of it was exposed (uncovered after a window over
     * it went away), which the caller answers by putting the buffer whole.
     */
    public synchronized boolean exposed() {
        checkOpen();
        boolean exposed = false;
        while (x.XPending(display) > 0) {
            x.XNextEvent(display, event);
            exposed |= event.getInt(0) == Xlib.EXPOSE;
        }
        return exposed;
    }

    /** XPutImage calls so far. */
    public synchronized long puts() {
        return puts;
    }

    /** The child window's id (for tests and the log). */
    public long window() {
        return window;
    }

    public long parent() {
        return parent;
    }

    private void freePixmap() {
        if (pixmap != 0) {
            render.XRenderFreePicture(display, source);
            x.XFreePixmap(display, pixmap);
            pixmap = 0;
            source = 0;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the X11 overlay is closed");
        }
    }

    /** Destroys the window and closes the connection. Call before the kiosk's own window goes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Trap trap = new Trap(x);
        freePixmap();
        if (target != 0) {
            render.XRenderFreePicture(display, target);
            target = 0;
        }
        x.XFreeGC(display, gc);
        x.XDestroyWindow(display, window);
        String error = trap.end(display);
        if (error != null) {
            LOG.debug("X11 overlay: closing: {}", error);
        }
        releaseShm();
        freeImage();
        x.XCloseDisplay(display);
        pixels = null;
    }

    /**
     * Catches X errors of the calls between its creation and {@link #end} instead of Xlib's default
     * handler (which exits the process). Installed and removed on the calling thread, which is GTK's, so no
     * error of GTK's own can arrive in between.
     */
    private static final class Trap {
        interface ErrorHandler extends Callback {
            int invoke(Pointer display, Pointer event);
        }

        interface ErrorHandlers extends Library {
            ErrorHandler XSetErrorHandler(ErrorHandler handler);
        }

        private static final ErrorHandlers HANDLERS = Native.load("X11", ErrorHandlers.class);
        private final Xlib x;
        private final ErrorHandler previous;
        private String error;
        /** Held so the callback is not collected while installed. */
        private final ErrorHandler handler;

        Trap(Xlib x) {
            this.x = x;
            handler = (d, e) -> {
                // XErrorEvent: int type, Display*, XID resourceid, unsigned long serial, uchar error_code, request_code
                error = "X error " + (e.getByte(32) & 0xff) + " on request " + (e.getByte(33) & 0xff);
                return 0;
            };
            previous = HANDLERS.XSetErrorHandler(handler);
        }

        String end(Pointer display) {
            x.XSync(display, false);
            HANDLERS.XSetErrorHandler(previous);
            return error;
        }
    }
}
