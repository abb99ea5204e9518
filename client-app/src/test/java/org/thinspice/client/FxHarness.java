package org.thinspice.client;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.TerminalStore;
import org.thinspice.client.shell.KioskShell;

/** The real kiosk shell on TestFX's primary stage (Monocle headless), plus helpers to read the screen. */
final class FxHarness {
    final Stage stage;
    final KioskShell shell;
    final FxRobot robot = new FxRobot();
    /** Times the kiosk asked to leave (the administrator's exit, or the end of a --vv session). */
    static final java.util.concurrent.atomic.AtomicInteger exits = new java.util.concurrent.atomic.AtomicInteger();

    private FxHarness(Stage stage, KioskShell shell) {
        this.stage = stage;
        this.shell = shell;
    }

    static FxHarness launch(Path dataDir, TerminalConfig config) throws Exception {
        return launch(dataDir, config, null);
    }

    /** With {@code vv}: straight into the session view, as {@code client --vv FILE}. */
    static FxHarness launch(Path dataDir, TerminalConfig config, String vv) throws Exception {
        // every kiosk in this JVM talks to the pcscd a UKEY test starts on this JVM's socket (libpcsclite
        // reads the path once per process); without that pcscd the kiosk sees "no card reader"
        org.thinspice.device.smartcard.PcscSocket.use(org.thinspice.testbed.Pcscd.socketForThisJvm());
        Stage stage = FxToolkit.registerPrimaryStage();
        TerminalStore store = new TerminalStore(dataDir);
        store.save(config);
        KioskShell shell = on(() -> {
            KioskShell s = KioskApp.build(store, store.load(), () -> exits.incrementAndGet());
            stage.setScene(KioskApp.scene(s));
            stage.setWidth(1280);
            stage.setHeight(800);
            stage.show();
            stage.toFront();
            KioskApp.installErrorScreen(s);
            s.start(vv);
            return s;
        });
        return new FxHarness(stage, shell);
    }

    static <T> T on(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    /** The visible text of the labelled node with this id ("" when absent). */
    String text(String id) throws Exception {
        return on(() -> {
            Node n = stage.getScene().lookup("#" + id);
            return n instanceof Labeled l ? l.getText() : "";
        });
    }

    boolean visible(String id) throws Exception {
        return on(() -> {
            Node n = stage.getScene().lookup("#" + id);
            if (n == null) {
                return false;
            }
            for (Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return true;
        });
    }

    void clickOn(String id) throws Exception {
        awaitInScene(id);
        robot.clickOn("#" + id);
    }

    void write(String id, String text) throws Exception {
        awaitInScene(id);
        robot.clickOn("#" + id);
        robot.write(text);
    }

    /**
     * Waits until the node is in the scene, looked up on the FX thread: TestFX's own lookup walks the scene
     * from the test's thread. (Not "visible": the session bar shows itself when the pointer comes near, which
     * the robot's click does.)
     */
    void awaitInScene(String id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!on(() -> stage.getScene().lookup("#" + id) != null)) {
            if (System.nanoTime() > end) {
                String error = on(() -> {
                    Node n = stage.getScene().lookup("#error-screen");
                    if (!(n instanceof javafx.scene.Parent p)) {
                        return "";
                    }
                    StringBuilder b = new StringBuilder(" (the error screen says:");
                    for (Node c : p.getChildrenUnmodifiable()) {
                        if (c instanceof Labeled l) {
                            b.append(' ').append(l.getText());
                        }
                    }
                    return b.append(')').toString();
                });
                throw new AssertionError("#" + id + " not in the kiosk's scene after 20 s; the kiosk is on " + shell.screen() + error);
            }
            Thread.sleep(50);
        }
    }

    void close() throws Exception {
        on(() -> {
            stage.hide();
            return null;
        });
    }
}
