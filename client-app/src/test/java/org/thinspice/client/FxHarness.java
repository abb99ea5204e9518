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

    void clickOn(String id) {
        robot.clickOn("#" + id);
    }

    void write(String id, String text) {
        robot.clickOn("#" + id);
        robot.write(text);
    }

    void close() throws Exception {
        on(() -> {
            stage.hide();
            return null;
        });
    }
}
