package org.thinspice.client.session;

import java.nio.IntBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javafx.animation.AnimationTimer;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.x11.X11Overlay;

/**
 * Shows the session's picture through an {@link X11Overlay} while nothing of the kiosk's own is drawn over it,
 * and through the JavaFX image otherwise (session bar, status, USB list, the UKEY lock, anything laid over the
 * session in the scene). Chosen by {@code -Dthinspice.presentation=auto|x11|javafx}: {@code auto} (default) uses
 * the overlay when JavaFX renders in software (no 3D support: no usable GPU) on GTK glass, where JavaFX would
 * repaint and upload its whole window per video frame; with a GPU, JavaFX's own pipeline stays. FX thread, but
 * for {@link #runDirect}, which the engine's thread calls.
 */
final class X11Presentation {
    private static final Logger LOG = LoggerFactory.getLogger(X11Presentation.class);

    private final FramePresenter presenter;
    private final Region area;
    private final Node picture;
    private final Runnable presentNow;
    private final boolean enabled;
    private X11Overlay overlay;
    private boolean unavailable;
    private String why;
    private AnimationTimer hideLater;
    /** Frames go straight to the overlay from the presenting thread (true only while it is shown). */
    private volatile boolean direct;
    private volatile ExecutorService presenting;
    private final FramePresenter.Sink sink = new FramePresenter.Sink() {
        @Override
        public void bind(IntBuffer pixels, int width, int height, int shownWidth, int shownHeight) {
            overlay.bind(pixels, width, height, shownWidth, shownHeight);
            if (overlay.shown()) {
                place();
            }
        }

        @Override
        public boolean scales() {
            return overlay.canScale();
        }

        @Override
        public IntBuffer allocate(int width, int height) {
            return overlay.allocate(width, height);
        }

        @Override
        public void put(int x, int y, int width, int height) {
            overlay.put(x, y, width, height);
        }
    };

    /**
     * @param area the session view's root: the picture is centred in it
     * @param picture the JavaFX picture: whatever is laid over it keeps the overlay away
     * @param presentNow asks the view to present (after the picture went back to JavaFX)
     */
    /** Whether JavaFX's glass runs on X11 (GTK), not Monocle (headless tests), whose windows and clipboard are its own. */
    static boolean onX11() {
        return !"monocle".equalsIgnoreCase(System.getProperty("glass.platform", ""));
    }

    X11Presentation(FramePresenter presenter, Region area, Node picture, Runnable presentNow) {
        this.presenter = presenter;
        this.area = area;
        this.picture = picture;
        this.presentNow = presentNow;
        String mode = System.getProperty("thinspice.presentation", "auto");
        boolean gtk = onX11();
        switch (mode) {
            case "x11" -> {
                enabled = gtk;
                why = gtk ? null : "X11 presentation asked for, but glass runs on " + System.getProperty("glass.platform");
            }
            case "javafx" -> {
                enabled = false;
                why = "JavaFX presentation asked for (thinspice.presentation=javafx)";
            }
            default -> {
                boolean gpu = Platform.isSupported(ConditionalFeature.SCENE3D);
                enabled = gtk && !gpu;
                why = !gtk ? "no X window (glass " + System.getProperty("glass.platform") + ")"
                        : gpu ? "JavaFX renders on the GPU" : null;
            }
        }
    }

    /** What presents the picture now, in words (measurement and diagnostics). */
    String describe() {
        if (overlay != null && overlay.shown()) {
            return "x11-overlay (" + overlay.puts() + " puts; window 0x" + Long.toHexString(overlay.window())
                    + " on 0x" + Long.toHexString(overlay.parent()) + ")";
        }
        return "javafx" + (why != null ? " (" + why + ")" : overlay != null ? " (covered)" : "");
    }

    boolean active() {
        return overlay != null && overlay.shown();
    }

    /**
     * Re-decides after anything that may have changed the answer (a layout pulse, a new picture, the session's
     * stage): the overlay when {@code running} and nothing covers the picture, JavaFX otherwise.
     */
    void update(boolean running) {
        boolean want = enabled && !unavailable && running && area.getScene() != null && presenter.shownWidth() > 0
                && !covered(picture);
        if (want) {
            cancelHide();
            if (!open()) {
                return;
            }
            if (!direct) {
                // also when a hand-over to JavaFX was still waiting for its pulses: the sink is fed again
                presenter.sink(sink);
                direct = true;
                LOG.debug("picture through the X11 overlay");
            }
            place();
        } else if (overlay != null && overlay.shown() && hideLater == null) {
            // JavaFX's image first, then the overlay goes once JavaFX has drawn it (two pulses), so what
            // shows beneath is the current picture, not the one from when the overlay came.
            direct = false;
            presenter.sink(null);
            presentNow.run();
            hideLater = new AnimationTimer() {
                private int pulses;

                @Override
                public void handle(long now) {
                    if (++pulses >= 2) {
                        cancelHide();
                        overlay.hide();
                        LOG.debug("picture through JavaFX");
                    }
                }
            };
            hideLater.start();
        }
    }

    /** After a present: repaint what another window uncovered. Cheap when nothing happened. */
    void afterPresent() {
        if (overlay != null && overlay.shown() && overlay.exposed()) {
            overlay.putAll();
        }
    }

    /**
     * Runs {@code task} on the overlay's own thread while frames go straight to it (no hop through the FX thread
     * and GTK's main loop per frame); false when they do not and the FX thread must present. Any thread.
     */
    boolean runDirect(Runnable task) {
        ExecutorService executor = direct ? presenting : null;
        if (executor == null) {
            return false;
        }
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // the overlay has just closed
        }
    }

    void close() {
        cancelHide();
        direct = false;
        if (presenting != null) {
            presenting.shutdown();
            presenting = null;
        }
        if (overlay != null) {
            presenter.sink(null);
            overlay.close();
            overlay = null;
        }
    }

    private void cancelHide() {
        if (hideLater != null) {
            hideLater.stop();
            hideLater = null;
        }
    }

    private boolean open() {
        if (overlay != null) {
            return true;
        }
        Scene scene = area.getScene();
        if (scene == null || scene.getWindow() == null || !scene.getWindow().isShowing()) {
            return false;
        }
        if (scene.getWindow().getOutputScaleX() != 1 || scene.getWindow().getOutputScaleY() != 1) {
            unavailable = true;
            why = "the screen is scaled (HiDPI)";
            LOG.info("X11 presentation not used: {}", why);
            return false;
        }
        try {
            overlay = X11Overlay.open(glassWindow(scene), (int) Math.round(scene.getWidth()),
                    (int) Math.round(scene.getHeight()));
            presenting = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "x11-present");
                t.setDaemon(true);
                return t;
            });
            why = null;
            return true;
        } catch (X11Overlay.Unavailable e) {
            unavailable = true;
            why = e.getMessage();
            LOG.info("X11 presentation not available, JavaFX draws the picture: {}", why);
            return false;
        }
    }

    /**
     * The X window of the scene's stage, from JavaFX's glass layer (GTK: the GdkWindow's XID), or 0 when glass
     * cannot be asked (the packaged kiosk's launcher exports {@code com.sun.glass.ui} to it for this).
     */
    private static long glassWindow(Scene scene) {
        try {
            Class<?> glass = Class.forName("com.sun.glass.ui.Window");
            for (Object w : (java.util.List<?>) glass.getMethod("getWindows").invoke(null)) {
                boolean visible = (Boolean) glass.getMethod("isVisible").invoke(w);
                int width = (Integer) glass.getMethod("getWidth").invoke(w);
                int height = (Integer) glass.getMethod("getHeight").invoke(w);
                if (visible && width == Math.round(scene.getWindow().getWidth())
                        && height == Math.round(scene.getWindow().getHeight())) {
                    return (Long) glass.getMethod("getNativeWindow").invoke(w);
                }
            }
            LOG.debug("no glass window of the stage's size");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("glass window not readable: {}", e.toString());
        }
        return 0;
    }

    /** The picture centred in the area, as its StackPane lays it out (positions rounded as JavaFX snaps them). */
    private void place() {
        Scene scene = area.getScene();
        Point2D origin = area.localToScene(0, 0);
        int w = presenter.shownWidth();
        int h = presenter.shownHeight();
        long x = Math.round(origin.getX() + scene.getX() + (area.getWidth() - w) / 2);
        long y = Math.round(origin.getY() + scene.getY() + (area.getHeight() - h) / 2);
        overlay.show((int) x, (int) y);
    }

    /** Whether a visible node is laid over {@code node}'s branch anywhere up the scene graph. */
    static boolean covered(Node node) {
        if (!node.isVisible()) {
            return true;
        }
        for (Node n = node; n.getParent() != null; n = n.getParent()) {
            Parent p = n.getParent();
            if (!p.isVisible()) {
                return true;
            }
            var kids = p.getChildrenUnmodifiable();
            for (int i = kids.indexOf(n) + 1; i < kids.size(); i++) {
                if (kids.get(i).isVisible()) {
                    return true;
                }
            }
        }
        return false;
    }
}
