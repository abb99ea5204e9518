package org.thinspice.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.TerminalStore;
import org.thinspice.client.desktops.ConnectRequest;
import org.thinspice.client.shell.KioskShell;

/**
 * The real kiosk shell in a JVM of its own on a real X display (GTK glass, not Monocle), driven line by
 * line on stdin, for tests that judge the terminal's X clipboard from outside ({@link X11Kiosk}).
 * Commands: {@code connect FILE} (a .vv, as the desktops screen's connect does), {@code disconnect},
 * {@code report} (the last session's clipboard counts as the diagnostics screen shows them),
 * {@code bar show|hide}, {@code scaling ONE_TO_ONE|FIT}, {@code presentation} (X11 overlay or JavaFX, with the
 * overlay's and the kiosk window's X ids), {@code pulses} (JavaFX's pulse timer: paused, running or unmanaged),
 * {@code quit}. {@code -Dx11kiosk.size=WxH} sizes the window. It answers with {@code KIOSK ...} lines on stdout: {@code ready}, {@code stage NAME},
 * {@code ended}, {@code report ...}, {@code error ...}.
 */
public final class X11KioskMain {
    private static KioskShell shell;

    private X11KioskMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        TerminalStore store = new TerminalStore(data);
        TerminalConfig config = new TerminalConfig();
        config.language = args.length > 1 ? args[1] : "en";
        // No controller: the desktops screen shown between sessions only fails to list, quietly.
        config.controllerUrl = "http://127.0.0.1:9";
        store.save(config);
        TerminalConfig saved = store.load();
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(() -> {
            IdlePulses.install(); // as KioskApp.start does
            Stage stage = new Stage();
            shell = KioskApp.build(store, saved, Platform::exit);
            stage.setScene(KioskApp.scene(shell));
            String[] size = System.getProperty("x11kiosk.size", "1024x768").split("x");
            stage.setWidth(Integer.parseInt(size[0]));
            stage.setHeight(Integer.parseInt(size[1]));
            stage.show();
            KioskApp.installErrorScreen(shell);
            up.countDown();
        });
        up.await();
        say("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String cmd = line.trim();
            Platform.runLater(() -> run(cmd));
        }
        Platform.exit();
        System.exit(0);
    }

    private static void run(String cmd) {
        try {
            if (cmd.startsWith("connect ")) {
                String vv = Files.readString(Path.of(cmd.substring(8)), StandardCharsets.UTF_8);
                shell.showSession(new ConnectRequest(null, vv, null));
                shell.sessionVm().stageProperty().addListener((o, a, b) -> {
                    say("stage " + b);
                    if (b == org.thinspice.client.session.SessionViewModel.Stage.ENDED) {
                        say("ended");
                    }
                });
            } else if (cmd.equals("disconnect")) {
                shell.sessionVm().disconnect();
            } else if (cmd.equals("bar show") || cmd.equals("bar hide")) {
                shell.sessionVm().barShownProperty().set(cmd.endsWith("show"));
                say("bar " + cmd.substring(4));
            } else if (cmd.startsWith("scaling ")) {
                shell.sessionVm().scalingProperty().set(org.thinspice.client.session.Scaling.valueOf(cmd.substring(8)));
                say("scaling " + cmd.substring(8));
            } else if (cmd.equals("presentation")) {
                say("presentation " + shell.sessionView().presentation());
            } else if (cmd.equals("pulses")) {
                Boolean paused = IdlePulses.pausedNow();
                say("pulses " + (paused == null ? "unmanaged" : paused ? "paused" : "running"));
            } else if (cmd.equals("report")) {
                SessionReport r = shell.model().lastSession();
                say("report toTerminal=" + (r == null ? -1 : r.clipboardToTerminal()) + " toDesktop="
                        + (r == null ? -1 : r.clipboardToDesktop()));
            } else {
                say("error unknown command " + cmd);
            }
        } catch (Exception | Error e) {
            say("error " + e);
        }
    }

    private static void say(String s) {
        synchronized (System.out) {
            System.out.println("KIOSK " + s);
            System.out.flush();
        }
    }
}
