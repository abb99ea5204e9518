package org.thinspice.client.session;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.thinspice.client.core.Strings;
import org.thinspice.client.x11.SelectionWatch;
import org.thinspice.engine.inputs.PcKey;

/**
 * Full-screen session: the guest's picture, a status overlay while connecting or reconnecting, and a
 * bar (Ctrl+Alt+F12, or the pointer at the top edge) with disconnect, Ctrl+Alt+Del, clipboard state,
 * scaling and USB devices.
 */
public final class SessionView {
    private final SessionViewModel vm;
    private final Strings strings;
    private final FramePresenter presenter;
    private final StackPane root = new StackPane();
    private final ImageView picture = new ImageView();
    /** Whether the view is started (written on the FX thread). */
    private volatile boolean running;
    /** Presentation tasks run on the FX thread and straight into the overlay (measurement, diagnostics). */
    private final LongAdder fxPresents = new LongAdder();
    private final LongAdder directPresents = new LongAdder();
    private ScheduledExecutorService ticker;
    /** On GTK: when the X clipboard changed owner; null elsewhere (Monocle's clipboard is its own), read each tick. */
    private SelectionWatch clipboardWatch;
    /**
     * Where "fit" is scaled: {@code presenter} (default) scales each dirty rectangle once into a buffer
     * of the shown size; {@code javafx} leaves it to the ImageView (worth it only with a GPU pipeline).
     */
    static final boolean SCALE_IN_PRESENTER = !"javafx".equals(System.getProperty("thinspice.fitScaling", "presenter"));
    private final PresentStats stats = PresentStats.fromSystemProperty();
    private final X11Presentation x11;
    private final Runnable pulseCheck = this::updatePresentation;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;

    public SessionView(SessionViewModel vm, Strings strings) {
        this.vm = vm;
        this.strings = strings;
        this.presenter = new FramePresenter(vm.damage());
        root.getStyleClass().add("session");
        root.setId("session");
        picture.setId("session-picture");
        picture.imageProperty().bind(presenter.imageProperty());
        picture.setSmooth(true);
        picture.setPreserveRatio(true);
        Pane stageArea = new StackPane(picture);
        x11 = new X11Presentation(presenter, root, picture, this::presentNow);
        root.sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.removePostLayoutPulseListener(pulseCheck);
                x11.close(); // the overlay belongs to that scene's window
            }
            if (now != null) {
                now.addPostLayoutPulseListener(pulseCheck);
            }
        });
        root.getChildren().addAll(stageArea, overlay(), bar(), new UsbListView(vm.usbList(), strings, root::requestFocus).root());
        applyScaling();
        vm.scalingProperty().addListener((o, a, b) -> applyScaling());
        root.widthProperty().addListener((o, a, b) -> applyScaling());
        root.heightProperty().addListener((o, a, b) -> applyScaling());
        root.setFocusTraversable(true);
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        root.addEventFilter(KeyEvent.KEY_RELEASED, this::keyReleased);
        root.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                vm.releaseKeys();
            }
        });
        picture.addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
        picture.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::moved);
        picture.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            root.requestFocus();
            button(e, true);
        });
        picture.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> button(e, false));
        picture.addEventHandler(ScrollEvent.SCROLL, e -> vm.wheel(e.getDeltaY() > 0 ? -1 : e.getDeltaY() < 0 ? 1 : 0));
        root.addEventFilter(MouseEvent.MOUSE_MOVED, e -> {
            if (e.getSceneY() <= 2 && !vm.barShownProperty().get()) {
                vm.barShownProperty().set(true);
            }
        });
        vm.setClipboard(new FxClipboard());
        vm.damage().onPending(() -> {
            if (!x11.runDirect(this::presentDirect)) {
                Platform.runLater(this::presentNow);
            }
        });
    }

    /**
     * Presents what the engine changed. Runs when the engine reports a change (one task per batch of changes,
     * see {@link Damage#onPending}), not on every pulse: an AnimationTimer kept JavaFX pulsing 60 times a
     * second whatever the guest did, which cost the FX thread several pulses per video frame.
     */
    private void presentNow() {
        fxPresents.increment();
        if (running && presenter.present()) {
            vm.meter().presented();
            if (!x11.active()) {
                updatePresentation(); // a first picture, or a new size: the overlay may come now
            }
        }
        x11.afterPresent();
    }

    /**
     * On the overlay's thread: the change goes straight into the X11 overlay; what needs the FX thread (a new
     * surface or size) is handed to it.
     */
    private void presentDirect() {
        if (!running) {
            return;
        }
        if (presenter.presentToSink()) {
            directPresents.increment();
            vm.meter().presented();
        } else {
            Platform.runLater(this::presentNow);
        }
    }

    /** Overlay or JavaFX: after each layout pulse (something may now cover the picture) and each new picture. */
    private void updatePresentation() {
        x11.update(running);
    }

    /** What presents the picture (the X11 overlay or JavaFX, and why), for measurement and diagnostics. */
    public String presentation() {
        return x11.describe() + "; presentations: " + directPresents.sum() + " direct, " + fxPresents.sum() + " on the FX thread";
    }

    /**
     * Twice a second on the FX thread while the session view runs: the terminal's clipboard (read only after a copy
     * where X tells of one) and measurement counters.
     */
    private void tick() {
        if (!running) {
            return;
        }
        if (clipboardWatch == null || clipboardWatch.changed()) {
            vm.pollClipboard();
        }
        x11.afterPresent();
        if (stats != null) {
            stats.pulse(System.nanoTime(), vm.meter().presentedFrames(), presenter, presentation());
        }
    }

    public Parent root() {
        return root;
    }

    public FramePresenter presenter() {
        return presenter;
    }

    public void start() {
        running = true;
        if (X11Presentation.onX11()) {
            clipboardWatch = SelectionWatch.clipboard().orElse(null);
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-view-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> Platform.runLater(this::tick), 500, 500, TimeUnit.MILLISECONDS);
        presentNow();
        root.requestFocus();
        vm.start();
    }

    public void stop() {
        running = false;
        x11.close();
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (clipboardWatch != null) {
            SelectionWatch w = clipboardWatch;
            clipboardWatch = null;
            Platform.runLater(w::close); // after a tick already queued
        }
        vm.usbList().stop();
    }

    private void applyScaling() {
        Scaling s = vm.scalingProperty().get();
        int w = (int) root.getWidth();
        int h = (int) root.getHeight();
        if (s == Scaling.ONE_TO_ONE || SCALE_IN_PRESENTER) {
            // the presenter's buffer has the size shown: JavaFX draws it 1:1
            picture.setFitWidth(0);
            picture.setFitHeight(0);
            presenter.target(s != Scaling.ONE_TO_ONE, w, h);
        } else {
            // thinspice.fitScaling=javafx: the guest's pixels 1:1 in the buffer, the ImageView scales
            // (on the GPU with the es2 pipeline; on the CPU, every frame whole, with sw)
            picture.setFitWidth(root.getWidth());
            picture.setFitHeight(root.getHeight());
            presenter.target(false, w, h);
        }
        vm.screenSize(w, h);
        presentNow(); // a new target is drawn at once, not at the next change from the engine
    }

    private Parent overlay() {
        Label status = new Label();
        status.setId("session-status");
        status.getStyleClass().add("session-status");
        status.textProperty().bind(strings.bindKey(vm.messageProperty()));
        ProgressIndicator spin = new ProgressIndicator();
        spin.setMaxSize(48, 48);
        spin.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.stageProperty().get() != SessionViewModel.Stage.FAILED,
                vm.stageProperty()));
        spin.managedProperty().bind(spin.visibleProperty());
        Button back = new Button();
        back.setId("session-back");
        back.textProperty().bind(strings.bind("session.back"));
        back.setOnAction(e -> vm.disconnect());
        back.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.stageProperty().get() == SessionViewModel.Stage.FAILED
                || vm.stageProperty().get() == SessionViewModel.Stage.RECONNECTING, vm.stageProperty()));
        VBox box = new VBox(16, spin, status, back);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("session-overlay");
        box.setMaxSize(560, 220);
        box.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.stageProperty().get() != SessionViewModel.Stage.CONNECTED
                && vm.stageProperty().get() != SessionViewModel.Stage.ENDED, vm.stageProperty()));
        return box;
    }

    private Parent bar() {
        Label title = new Label(vm.desktopName());
        title.getStyleClass().add("bar-title");
        Button disconnect = new Button();
        disconnect.setId("bar-disconnect");
        disconnect.textProperty().bind(strings.bind("session.disconnect"));
        disconnect.setOnAction(e -> vm.disconnect());
        Button cad = new Button("Ctrl+Alt+Del");
        cad.setId("bar-cad");
        cad.setOnAction(e -> {
            vm.ctrlAltDel();
            root.requestFocus();
        });
        Label clip = new Label();
        clip.setId("bar-clipboard");
        clip.textProperty().bind(Bindings.concat(strings.bind("session.clipboard"), ": ", strings.bindKey(vm.clipboardProperty())));
        ComboBox<Scaling> scaling = new ComboBox<>();
        scaling.getItems().addAll(Scaling.values());
        scaling.valueProperty().bindBidirectional(vm.scalingProperty());
        scaling.setConverter(new StringConverter<>() {
            @Override
            public String toString(Scaling s) {
                return s == null ? "" : strings.get("scaling." + s.key());
            }

            @Override
            public Scaling fromString(String s) {
                return null;
            }
        });
        Button usb = new Button();
        usb.setId("bar-usb");
        usb.textProperty().bind(strings.bind("session.usb"));
        usb.setOnAction(e -> vm.usbList().toggle());
        javafx.scene.control.ToggleButton mute = new javafx.scene.control.ToggleButton();
        mute.setId("bar-mute");
        mute.selectedProperty().bindBidirectional(vm.mutedProperty());
        mute.textProperty().bind(Bindings.when(vm.mutedProperty()).then(strings.bind("sound.unmute"))
                .otherwise(strings.bind("sound.mute")));
        mute.setOnAction(e -> root.requestFocus());
        Label mic = new Label();
        mic.setId("bar-microphone");
        mic.getStyleClass().add("bar-microphone");
        mic.textProperty().bind(Bindings.concat("● ", strings.bind("sound.microphoneOn")));
        mic.visibleProperty().bind(vm.microphoneOpenProperty());
        mic.managedProperty().bind(vm.microphoneOpenProperty());
        Button hide = new Button("▲");
        hide.setOnAction(e -> {
            vm.barShownProperty().set(false);
            root.requestFocus();
        });
        HBox bar = new HBox(12, title, clip, scaling, usb, mute, mic, cad, disconnect, hide);
        bar.setId("session-bar");
        bar.getStyleClass().add("session-bar");
        bar.setAlignment(Pos.CENTER);
        bar.setPadding(new Insets(6, 12, 6, 12));
        bar.setMaxHeight(Region.USE_PREF_SIZE);
        bar.setMaxWidth(Region.USE_PREF_SIZE);
        StackPane.setAlignment(bar, Pos.TOP_CENTER);
        bar.visibleProperty().bind(vm.barShownProperty());
        bar.setOnMouseExited(e -> {
            if (e.getSceneY() > bar.getHeight()) {
                vm.barShownProperty().set(false);
            }
        });
        return bar;
    }

    private void keyPressed(KeyEvent e) {
        e.consume();
        if (e.getCode() == KeyCode.F12 && e.isControlDown() && e.isAltDown()) {
            vm.toggleBar();
            return;
        }
        PcKey k = KeyMap.toPcKey(e.getCode());
        vm.keyDown(k);
    }

    private void keyReleased(KeyEvent e) {
        e.consume();
        vm.keyUp(KeyMap.toPcKey(e.getCode()));
    }

    private void moved(MouseEvent e) {
        Point2D guest = toGuest(e.getX(), e.getY());
        int dx = Double.isNaN(lastX) ? 0 : (int) Math.round(guest.getX() - lastX);
        int dy = Double.isNaN(lastY) ? 0 : (int) Math.round(guest.getY() - lastY);
        lastX = guest.getX();
        lastY = guest.getY();
        vm.pointer((int) guest.getX(), (int) guest.getY(), dx, dy);
    }

    private void button(MouseEvent e, boolean down) {
        org.thinspice.engine.inputs.MouseButton b = e.getButton() == MouseButton.SECONDARY ? org.thinspice.engine.inputs.MouseButton.RIGHT
                : e.getButton() == MouseButton.MIDDLE ? org.thinspice.engine.inputs.MouseButton.MIDDLE
                : org.thinspice.engine.inputs.MouseButton.LEFT;
        vm.button(b, down);
    }

    /** ImageView-local coordinates (scaled) to guest pixels. */
    private Point2D toGuest(double x, double y) {
        double w = picture.getBoundsInLocal().getWidth();
        double h = picture.getBoundsInLocal().getHeight();
        if (presenter.width() == 0 || w <= 0 || h <= 0) {
            return new Point2D(0, 0);
        }
        double gx = Math.max(0, Math.min(presenter.width() - 1, x * presenter.width() / w));
        double gy = Math.max(0, Math.min(presenter.height() - 1, y * presenter.height() / h));
        return new Point2D(gx, gy);
    }
}
