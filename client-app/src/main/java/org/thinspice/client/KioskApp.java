package org.thinspice.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.core.ExecutorScheduler;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.TerminalStore;
import org.thinspice.client.core.Ui;
import org.thinspice.client.diagnostics.LinuxProbe;
import org.thinspice.client.session.SessionConnector;
import org.thinspice.client.login.SecondFactorResponder;
import org.thinspice.client.shell.KioskShell;
import org.thinspice.client.usb.SimulatedUsbSource;
import org.thinspice.client.usb.Usb4JavaSource;
import org.thinspice.client.usb.ControllerUsbAudit;
import org.thinspice.client.usb.UsbManager;

/**
 * The kiosk application: one undecorated full-screen window that only the administrator PIN leaves;
 * an uncaught error shows a friendly screen and lands in the log.
 */
public final class KioskApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(KioskApp.class);
    static volatile ClientOptions options = new ClientOptions();
    private static volatile KioskShell current;

    /** The running shell (tests drive it). */
    public static KioskShell shell() {
        return current;
    }

    public static void setOptions(ClientOptions o) {
        options = o;
    }

    @Override
    public void start(Stage stage) throws IOException {
        IdlePulses.install();
        ClientOptions o = options;
        TerminalStore store = new TerminalStore(o.dataDir);
        TerminalConfig config = store.load();
        if (o.controller != null && !config.isEnrolled()) {
            config.controllerUrl = o.controller;
        }
        if (o.language != null) {
            config.language = o.language;
        }
        KioskShell shell = build(store, config, () -> {
            stage.close();
            Platform.exit();
        });
        current = shell;
        Scene scene = scene(shell);
        stage.setTitle("thinspice");
        if (!o.windowed) {
            stage.initStyle(StageStyle.UNDECORATED);
            // the screen's size as well: without a window manager (a terminal's bare X server, Xvfb)
            // GTK's full-screen request may leave the window at its default size
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getBounds();
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setWidth(screen.getWidth());
            stage.setHeight(screen.getHeight());
            stage.setFullScreen(true);
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            stage.setFullScreenExitHint("");
            // Leaving is for the administrator: settings, PIN, "leave the kiosk".
            stage.setOnCloseRequest(e -> e.consume());
        } else {
            stage.setWidth(1280);
            stage.setHeight(800);
        }
        stage.setScene(scene);
        installErrorScreen(shell);
        stage.show();
        shell.start(o.vv);
        if (o.enrolCode != null && shell.screen() == KioskShell.Screen.ENROL) {
            shell.enrolVm().codeProperty().set(o.enrolCode);
            shell.enrolVm().enrol();
        }
    }

    @Override
    public void stop() {
        KioskShell s = current;
        if (s != null) {
            s.usb().close();
        }
    }

    /** Any uncaught error lands in the log and shows the friendly error screen with its restart button. */
    public static void installErrorScreen(KioskShell shell) {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            LOG.error("uncaught error on {}", t.getName(), e);
            Platform.runLater(() -> shell.showError(e));
        });
    }

    /**
     * The terminal's UKEY: the system's PC/SC (pcscd through libpcsclite). Tests point it at their own
     * pcscd before the first kiosk is built (libpcsclite reads its socket once per process).
     */
    static volatile java.util.function.Supplier<SecondFactorResponder> ukey = new java.util.function.Supplier<>() {
        private SecondFactorResponder one;

        @Override
        public synchronized SecondFactorResponder get() {
            if (one == null) {
                one = org.thinspice.client.ukey.PcscUkey.system();
            }
            return one;
        }
    };

    /** The shell with the real executors, engine, probe; the FX toolkit must be running. */
    public static KioskShell build(TerminalStore store, TerminalConfig config, Runnable exit) {
        Strings strings = new Strings(Strings.forTag(config.language));
        KioskModel model = new KioskModel(store, config, strings, KioskModel.httpApi(store));
        java.util.concurrent.ExecutorService io = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kiosk-io");
            t.setDaemon(true);
            return t;
        });
        Ui ui = new Ui(io, Platform::runLater, new ExecutorScheduler(Platform::runLater));
        SecondFactorResponder terminalUkey = ukey.get();
        KioskShell shell = new KioskShell(model, ui, SessionConnector.ENGINE, new LinuxProbe(terminalUkey::describeReaders),
                terminalUkey, version(), exit);
        java.util.List<String> sticks = new java.util.ArrayList<>(config.simulatedUsbSticks == null ? java.util.List.of()
                : config.simulatedUsbSticks);
        sticks.addAll(options.usbSticks);
        shell.setUsb(new UsbManager(java.util.List.of(new Usb4JavaSource(), new SimulatedUsbSource(sticks)),
                new ControllerUsbAudit(model::api, io), io));
        if (terminalUkey instanceof org.thinspice.client.ukey.PcscUkey pcscUkey) {
            shell.setCardShare(pcscUkey.cardShare());
        }
        return shell;
    }

    public static Scene scene(KioskShell shell) {
        Scene scene = new Scene(shell.root(), 1280, 800);
        scene.getStylesheets().add(KioskApp.class.getResource("kiosk.css").toExternalForm());
        return scene;
    }

    public static String version() {
        try (InputStream in = KioskApp.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
